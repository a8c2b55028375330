-- Issue 15 (scale): indexes for the plans that were sequential scans or sorts of whole tables on a
-- tenant of 100,000 users, 1,000,000 memberships and 50,000 client grants (PostgreSQL plans in the
-- issue's note). Every list below is read in exactly this order, with a limit and an offset.

-- GET /api/v2/users without a filter: order by created_at, user_id (was a seq scan and top-N sort of all users)
create index users_created on users (created_at, user_id);

-- the post-login picker and just-in-time membership read a user's memberships in join order; the new
-- index serves every lookup the old user_id index served
create index organization_members_user_joined on organization_members (user_id, created_at, organization_id);
drop index organization_members_user;

-- GET /api/v2/clients and /api/v2/client-grants read in creation order
create index clients_created on clients (created_at, client_id);
create index client_grants_created on client_grants (created_at, id);
