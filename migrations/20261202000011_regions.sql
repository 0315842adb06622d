-- Issue 12, point 5: the regions (oblasts) with their official Russian and
-- Kazakh names, so that a region is shown in the reader's language and
-- exported in all three.
--
-- A region is still named in checkpoints.region and region_coordinators.region
-- by its short English code ("Zhambyl"), as the reference data names it; the
-- code is now a foreign key, so that a typing error cannot make a second
-- region (with its own coordinator) out of one. The interface reads the names
-- from locales/*/regions.ftl; a test (tests/it/regions.rs) holds the two
-- copies equal. Exports and the import read them here.
--
-- The seventeen regions since 2022 (Abai, Zhetysu and Ulytau were formed
-- then). Their Russian official names put "область" first for the three new
-- ones: «область Абай».

create table regions (
    code text primary key check (btrim(code) <> '' and code = btrim(code)),
    name_en text check (btrim(name_en) <> ''),
    name_ru text check (btrim(name_ru) <> ''),
    name_kk text check (btrim(name_kk) <> '')
);

insert into regions (code, name_en, name_ru, name_kk) values
    ('Abai', 'Abai Region', 'Область Абай', 'Абай облысы'),
    ('Akmola', 'Akmola Region', 'Акмолинская область', 'Ақмола облысы'),
    ('Aktobe', 'Aktobe Region', 'Актюбинская область', 'Ақтөбе облысы'),
    ('Almaty', 'Almaty Region', 'Алматинская область', 'Алматы облысы'),
    ('Atyrau', 'Atyrau Region', 'Атырауская область', 'Атырау облысы'),
    ('East Kazakhstan', 'East Kazakhstan Region', 'Восточно-Казахстанская область', 'Шығыс Қазақстан облысы'),
    ('Karaganda', 'Karaganda Region', 'Карагандинская область', 'Қарағанды облысы'),
    ('Kostanay', 'Kostanay Region', 'Костанайская область', 'Қостанай облысы'),
    ('Kyzylorda', 'Kyzylorda Region', 'Кызылординская область', 'Қызылорда облысы'),
    ('Mangystau', 'Mangystau Region', 'Мангистауская область', 'Маңғыстау облысы'),
    ('North Kazakhstan', 'North Kazakhstan Region', 'Северо-Казахстанская область', 'Солтүстік Қазақстан облысы'),
    ('Pavlodar', 'Pavlodar Region', 'Павлодарская область', 'Павлодар облысы'),
    ('Turkestan', 'Turkestan Region', 'Туркестанская область', 'Түркістан облысы'),
    ('Ulytau', 'Ulytau Region', 'Область Ұлытау', 'Ұлытау облысы'),
    ('West Kazakhstan', 'West Kazakhstan Region', 'Западно-Казахстанская область', 'Батыс Қазақстан облысы'),
    ('Zhambyl', 'Zhambyl Region', 'Жамбылская область', 'Жамбыл облысы'),
    ('Zhetysu', 'Zhetysu Region', 'Область Жетісу', 'Жетісу облысы');

-- A region typed by hand before this migration stays as typed: it becomes a
-- region without translations (shown as typed in every language), which an
-- administrator can replace by choosing one of the list.
insert into regions (code)
    select region from checkpoints where region is not null
    union
    select region from region_coordinators
    on conflict do nothing;

alter table checkpoints add constraint checkpoints_region_fkey foreign key (region) references regions (code);
alter table region_coordinators add constraint region_coordinators_region_fkey
    foreign key (region) references regions (code);
create index checkpoints_region_idx on checkpoints (region);
