-- Exports (src/export.rs): the one place where text bound for a spreadsheet
-- is neutralised against formula injection. A value that begins with =, +,
-- -, @, a tab or a carriage return gets a leading apostrophe, which Excel
-- and LibreOffice read as "this is text"; so does a value that begins with
-- an apostrophe, so that it shows as stored and the import can take exactly
-- one off (src/import.rs). Numbers and dates never pass through it. A
-- plain SQL function (not strict), so the planner inlines it into the COPY
-- query instead of calling it per value.
create function export_text(t text) returns text
    language sql immutable parallel safe
    -- ascii() of the first character: = + - @ tab CR apostrophe.
    as $$ select case when ascii(t) in (61, 43, 45, 64, 9, 13, 39) then '''' || t else t end $$;
