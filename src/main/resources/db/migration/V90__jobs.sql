-- Bulk user import and export jobs (issue 16). A job's progress is written in the same transaction
-- as the users of each chunk, so a job interrupted by a restart resumes after the last committed
-- chunk and imports every user exactly once.

create table jobs (
    id             varchar(40) primary key,
    type           varchar(20) not null,      -- users_import | users_export
    status         varchar(20) not null,      -- pending | processing | completed | failed
    connection_id  varchar(64),
    doc            text not null,             -- the request's parameters and, for exports, the download token hash
    file_path      varchar(2048),             -- the uploaded users file, or the export written
    total_bytes    bigint not null default 0,
    read_bytes     bigint not null default 0,
    processed      bigint not null default 0, -- users read from the file (import) or written (export)
    inserted       bigint not null default 0,
    updated        bigint not null default 0,
    failed         bigint not null default 0,
    error          text,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
create index jobs_unfinished on jobs (status);

create table job_errors (
    job_id   varchar(40) not null references jobs (id) on delete cascade,
    seq      bigint not null,                 -- the user's position in the file, from 0
    user_doc text not null,
    errors   text not null,                   -- [{"code","message","path"}]
    primary key (job_id, seq)
);
