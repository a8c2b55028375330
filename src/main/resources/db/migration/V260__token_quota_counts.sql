-- Issue 17 point 6 (O121, E18): machine-to-machine tokens issued per application or organization,
-- per UTC hour and UTC day. Every node increments the same row (an update that holds the row lock
-- until commit), so a quota holds across nodes. Old windows are deleted when a new one starts.
create table token_quota_counts (
    subject      varchar(200) not null,   -- client:<client_id> or organization:<org_id>
    bucket       varchar(16) not null,    -- per_hour or per_day
    window_start bigint not null,         -- epoch seconds of the window's start (UTC)
    tokens       bigint not null,
    primary key (subject, bucket, window_start)
);

create index token_quota_counts_window on token_quota_counts (window_start);
