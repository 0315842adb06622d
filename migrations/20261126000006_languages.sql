-- The interface language a person chose (null: not chosen, use the
-- browser's), and the Kazakh name of a checkpoint (null: show the Russian).
alter table users add column language text check (language in ('kk', 'ru', 'en'));
alter table checkpoints add column name_kk text check (name_kk is null or (btrim(name_kk) <> '' and name_kk = btrim(name_kk)));
