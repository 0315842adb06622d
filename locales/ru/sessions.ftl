# Сеансы и API-токены: выход на всех устройствах, срок действия токенов.

sessions-sign-out-everywhere-title = Открытые сеансы
sessions-sign-out-everywhere-hint = Завершает все открытые сеансы вашей учётной записи на всех устройствах, включая этот; затем нужно войти снова. Ваши API-токены продолжают действовать.
sessions-sign-out-everywhere = Выйти на всех устройствах

field-token-expires = Срок действия
tokens-expiry-30 = 30 дней
tokens-expiry-90 = 90 дней
tokens-expiry-365 = 1 год
tokens-expiry-730 = 2 года
tokens-expiry-date = До даты
field-token-expires-on = Последний день (при выборе «До даты»)
token-expires-at = Действует до
token-expired = Срок действия истёк
token-never-used = Не использовался
tokens-error-expiry-past = Выберите день позже сегодняшнего.
tokens-error-expiry-too-far = Токен может действовать не более двух лет.
