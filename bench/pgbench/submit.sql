-- The bare equivalent of one HTTP submit (docs/PERFORMANCE.md): in one transaction, the request row with the same
-- columns and value shapes into the same "Requests" table (all its indexes, the generated tsvector and its GIN index
-- included), then its two timeline events, as RequestIntake does. Texts come from bench_texts (10,000 generated
-- with the app's SearchText.IndexForm); the number is 'PGB-2026-' + 7 base-32 characters + check character, unique
-- per client and transaction (a permutation of a per-client counter), never colliding with the loaded 'WSL-' ones.
-- ApiClientId is the bench's API client, as on an API submit (its column has an index too). Since issue 4 the row also
-- carries its language and deadlines (resolution, first answer, next check), which feed two more partial indexes.
\set t random(0, 9999)
\set u random(:min_unit, :max_unit)
\set k :k + 1
\set n permute(:run * 1000000000 + :client_id * 10000000 + :k, 34359738368, 2026)
BEGIN;
INSERT INTO "Requests" ("Number", "Type", "CategoryId", "Subject", "Description", "SearchText", "Status", "Importance", "Channel",
    "UnitId", "RequesterId", "RequesterName", "RequesterNationalId", "RequesterMobile", "RequesterEmail", "RequesterRole",
    "GuestSecretHash", "Latitude", "Longitude", "CreatedAt", "UpdatedAt", "Version", "AssigneeId", "Resolution", "ResolvedAt",
    "SatisfactionScore", "ObjectedAt", "ApiClientId", "Language", "EscalationCount", "BreachCount", "DueAt", "FirstResponseDueAt", "NextCheckAt")
SELECT 'PGB-2026-' || (SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((:n::bigint >> (5 * i)) & 31)::int + 1, 1), '' ORDER BY i) FROM generate_series(0, 6) AS i) || '-0',
    'Complaint', NULL, t.subject, t.description, t.search_text, 'New', 'Normal', 'Api',
    :u, NULL, t.name, NULL, '+9665' || lpad((:n::bigint % 100000000)::text, 8, '0'), NULL, 'Parent',
    sha256(convert_to(:n::text, 'UTF8')), NULL, NULL, now(), now(), 0, NULL, NULL, NULL,
    NULL, NULL, :api_client, 'ar', 0, 0, now() + interval '7 days', now() + interval '1 day', now() + interval '1 day'
FROM bench_texts AS t WHERE t.id = :t
RETURNING "Id" AS request_id \gset
INSERT INTO "RequestEvents" ("RequestId", "Kind", "IsPublic", "ActorId", "UnitId", "Text", "At", "ActorPosition", "ByDelegation")
VALUES (:request_id, 'Submitted', TRUE, NULL, NULL, NULL, now(), NULL, FALSE), (:request_id, 'Routed', TRUE, NULL, :u, NULL, now(), NULL, FALSE);
END;
