-- The tenant log is written on every token, sign-in and refusal, and each index of log_events is another
-- B-tree every row enters (issue 15: on the embedded database the log's writes were a fifth of a token's
-- CPU and most of what the collector promoted). Ten trees become six:
--  * log_events_date goes: a date range is also a range of log ids (an id starts with its event's
--    millisecond), so the store bounds log_id as well and the unique index on log_id serves it; the
--    purge walks the same index.
--  * log_events_type (type, event_date) and log_events_day (event_day, type) become one index on
--    (type, event_day): the per-day counts read it alone, and a search on types within dates bounds
--    event_day as well.
--  * log_events_ip and log_events_connection go: searches on them (like user_name and audience) read
--    the events of the date range asked for, newest first, rather than every write keeping two more trees.
drop index log_events_date;
drop index log_events_day;
drop index log_events_type;
drop index log_events_ip;
drop index log_events_connection;
create index log_events_type_day on log_events (type, event_day);
