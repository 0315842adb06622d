-- Issue 12, point 1: the reporting bodies by their official names, as in
-- their own acts (a genitive chain), not "Ministry — Committee". The pages
-- name the bodies through locales/*/ (body-*); these are the same names, for
-- whoever reads the table directly.
update reporting_bodies set
    name_en = 'Committee of Automobile Roads of the Ministry of Transport of the Republic of Kazakhstan',
    name_ru = 'Комитет автомобильных дорог Министерства транспорта Республики Казахстан',
    name_kk = 'Қазақстан Республикасы Көлік министрлігінің Автомобиль жолдары комитеті'
where code = 'transport';
update reporting_bodies set
    name_en = 'State Revenue Committee of the Ministry of Finance of the Republic of Kazakhstan',
    name_ru = 'Комитет государственных доходов Министерства финансов Республики Казахстан',
    name_kk = 'Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті'
where code = 'finance';
update reporting_bodies set
    name_en = 'Border Service of the National Security Committee of the Republic of Kazakhstan',
    name_ru = 'Пограничная служба Комитета национальной безопасности Республики Казахстан',
    name_kk = 'Қазақстан Республикасы Ұлттық қауіпсіздік комитетінің Шекара қызметі'
where code = 'border_service';
