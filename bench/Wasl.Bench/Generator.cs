using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Localization;

namespace Wasl.Bench;

/// <summary>
/// Loads N requests (each with its Submitted and Routed events) into a database the app's migrator has just
/// created: a ministry, 13 directorates and 50 schools in each; three staff accounts to search and page as. Rows go
/// in by binary COPY with the secondary indexes dropped and rebuilt from their own definitions afterwards (the same
/// indexes the migrations made), then ANALYZE. SearchText comes from the app's SearchText.IndexForm and numbers from
/// its ReferenceNumber, so the rows are the rows the app writes.
/// </summary>
internal static class Generator
{
    public const int SchoolsPerDirectorate = 50;
    public static readonly Guid AdminId = Guid.Parse("00000000-0000-0000-0000-00000000a001");
    public static readonly Guid CoordinatorId = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    public static readonly Guid SupervisorId = Guid.Parse("00000000-0000-0000-0000-00000000d001");

    private static readonly (string Code, string Name, double Weight)[] Directorates =
    [
        ("RIY", "الإدارة العامة للتعليم بمنطقة الرياض", 25), ("MKK", "الإدارة العامة للتعليم بمنطقة مكة المكرمة", 18),
        ("EST", "الإدارة العامة للتعليم بالمنطقة الشرقية", 14), ("MED", "الإدارة العامة للتعليم بمنطقة المدينة المنورة", 8),
        ("QAS", "الإدارة العامة للتعليم بمنطقة القصيم", 5), ("ASR", "الإدارة العامة للتعليم بمنطقة عسير", 6),
        ("TBK", "الإدارة العامة للتعليم بمنطقة تبوك", 3.5), ("HAL", "الإدارة العامة للتعليم بمنطقة حائل", 3),
        ("NBR", "الإدارة العامة للتعليم بمنطقة الحدود الشمالية", 2), ("JAZ", "الإدارة العامة للتعليم بمنطقة جازان", 6),
        ("NJR", "الإدارة العامة للتعليم بمنطقة نجران", 3), ("BAH", "الإدارة العامة للتعليم بمنطقة الباحة", 2.5),
        ("JOF", "الإدارة العامة للتعليم بمنطقة الجوف", 4),
    ];

    private static readonly string[] RequestColumns =
    [
        "Id", "Number", "Type", "CategoryId", "Subject", "Description", "SearchText", "Status", "Importance", "Channel", "UnitId",
        "RequesterId", "RequesterName", "RequesterNationalId", "RequesterMobile", "RequesterEmail", "RequesterRole", "GuestSecretHash",
        "Latitude", "Longitude", "CreatedAt", "UpdatedAt", "Version", "AssigneeId", "Resolution", "ResolvedAt", "SatisfactionScore", "ObjectedAt",
        "Language", "EscalationCount", "BreachCount", "DueAt", "FirstResponseMinutes", "ResolutionMinutes", "ResolvedLate",
    ];

    /// <summary>
    /// Deadlines as the app computes them for a request that was only submitted: 35 working hours (the default target
    /// of normal importance) in the Saudi calendar of the deployment default, for the requests whose clock runs.
    /// </summary>
    private static readonly Wasl.Web.Platform.Deadlines.WorkingCalendar Calendar = Wasl.Web.Platform.Deadlines.WorkCalendars.DefaultCalendar(
        new Wasl.Web.Platform.Localization.DeploymentOptions(), new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

    public static async Task RunAsync(string connectionString, int count, int seed)
    {
        var total = Stopwatch.StartNew();
        await using (var app = await AppHost.BuildAsync(connectionString))
        {
            // Migrated by the app's own SchemaMigrator (Production: no demo data).
        }
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var conn = await dataSource.OpenConnectionAsync();
        if (await ScalarAsync<long>(conn, """SELECT count(*) FROM "Requests" """) > 0)
            throw new InvalidOperationException("The database already holds requests: the generator wants a fresh one.");

        var units = await CreateOrganizationAsync(conn);
        Console.WriteLine($"units: {units.All.Count} (1 ministry, {Directorates.Length} directorates, {units.Schools.Count} schools)");

        var dropped = await DropSecondaryIndexesAsync(conn);
        var load = Stopwatch.StartNew();
        await CopyRequestsAsync(dataSource, units, count, seed);
        Console.WriteLine($"copied {count:N0} requests and {2 * count:N0} events in {load.Elapsed.TotalSeconds:F0} s");

        var rebuild = Stopwatch.StartNew();
        await ExecAsync(conn, "SET maintenance_work_mem = '1GB'");
        foreach (var (name, definition) in dropped)
        {
            var one = Stopwatch.StartNew();
            await ExecAsync(conn, definition);
            Console.WriteLine($"  index {name}: {one.Elapsed.TotalSeconds:F1} s");
        }
        Console.WriteLine($"rebuilt {dropped.Count} indexes in {rebuild.Elapsed.TotalSeconds:F0} s");
        await ExecAsync(conn, """SELECT setval(pg_get_serial_sequence('"Requests"', 'Id'), (SELECT max("Id") FROM "Requests"))""");
        await ExecAsync(conn, """SELECT setval(pg_get_serial_sequence('"RequestEvents"', 'Id'), (SELECT max("Id") FROM "RequestEvents"))""");
        await CreateTextsAsync(conn, seed + 1);
        await ExecAsync(conn, "VACUUM (ANALYZE)");
        var size = await ScalarAsync<string>(conn, """SELECT pg_size_pretty(pg_total_relation_size('"Requests"'))""");
        Console.WriteLine($"generated in {total.Elapsed.TotalSeconds:F0} s; \"Requests\" with its indexes and TOAST: {size}");
    }

    internal sealed record Organization(int RootId, IReadOnlyList<int> DirectorateIds, IReadOnlyList<int> Schools, IReadOnlyList<int> All, double[] DirectorateWeights, int[] SchoolDirectorate);

    private static async Task<Organization> CreateOrganizationAsync(NpgsqlConnection conn)
    {
        await ExecAsync(conn, """
            INSERT INTO "UnitKinds" ("Id", "Code", "Name", "NameLatin", "Level") VALUES
              (1, 'ministry', 'وزارة', 'Ministry', 0), (2, 'directorate', 'إدارة تعليم', 'Directorate', 1), (3, 'school', 'مدرسة', 'School', 2);
            SELECT setval(pg_get_serial_sequence('"UnitKinds"', 'Id'), 3);
            """);
        var id = 1;
        var rows = new List<string> { "(1, NULL, 1, 'MOE', 'وزارة التعليم', 'Ministry of Education', '/1/', 0, TRUE)" };
        var directorates = new List<int>();
        var schools = new List<int>();
        var schoolDirectorate = new List<int>();
        for (var d = 0; d < Directorates.Length; d++)
        {
            var dirId = ++id;
            directorates.Add(dirId);
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"({dirId}, 1, 2, '{Directorates[d].Code}', '{Directorates[d].Name}', NULL, '/1/{dirId}/', 1, TRUE)"));
            for (var s = 1; s <= SchoolsPerDirectorate; s++)
            {
                var schoolId = ++id;
                schools.Add(schoolId);
                schoolDirectorate.Add(d);
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"({schoolId}, {dirId}, 3, '{Directorates[d].Code}-S{s}', 'المدرسة رقم {s}', NULL, '/1/{dirId}/{schoolId}/', 2, TRUE)"));
            }
        }
        await ExecAsync(conn, $"""INSERT INTO "Units" ("Id", "ParentId", "KindId", "Code", "Name", "NameLatin", "Path", "Depth", "IsActive") VALUES {string.Join(",\n", rows)}""");
        await ExecAsync(conn, $"""SELECT setval(pg_get_serial_sequence('"Units"', 'Id'), {id})""");

        // Three staff accounts: a national administrator, the coordinator of the largest directorate, the supervisor of one school.
        var riyadh = directorates[0];
        var school = schools[0];
        foreach (var (userId, name, unit, role) in new[]
                 {
                     (AdminId, "bench-admin", 1, "Administrator"),
                     (CoordinatorId, "bench-coordinator", riyadh, "Coordinator"),
                     (SupervisorId, "bench-supervisor", school, "Supervisor"),
                 })
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO "AspNetUsers" ("Id", "FullName", "Kind", "HomeUnitId", "PreferredCalendar", "IsDemo", "IsActive", "CreatedAt",
                  "UserName", "NormalizedUserName", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "EmailNotices", "SmsNotices")
                VALUES (@id, @name, 'Staff', @unit, 'Gregorian', FALSE, TRUE, now(), @name, upper(@name), FALSE, md5(@name), md5(@name), FALSE, FALSE, TRUE, 0, TRUE, TRUE);
                INSERT INTO "RoleAssignments" ("UserId", "Role", "UnitId") VALUES (@id, @role, @unit);
                """, conn);
            cmd.Parameters.AddWithValue("id", userId);
            cmd.Parameters.AddWithValue("name", name);
            cmd.Parameters.AddWithValue("unit", unit);
            cmd.Parameters.AddWithValue("role", role);
            await cmd.ExecuteNonQueryAsync();
        }
        var all = new List<int> { 1 };
        all.AddRange(directorates);
        all.AddRange(schools);
        return new Organization(1, directorates, schools, all, [.. Directorates.Select(d => d.Weight)], [.. schoolDirectorate]);
    }

    private static async Task<List<(string Name, string Definition)>> DropSecondaryIndexesAsync(NpgsqlConnection conn)
    {
        var list = new List<(string, string)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.schemaname = 'public' AND i.tablename IN ('Requests', 'RequestEvents') AND NOT x.indisprimary
            ORDER BY i.tablename DESC, i.indexname
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in list) await ExecAsync(conn, $"DROP INDEX \"{name}\"");
        Console.WriteLine($"dropped {list.Count} secondary indexes for the load (rebuilt from their definitions after it)");
        return list;
    }

    private sealed record Row(long Id, string Number, RequestType Type, string Subject, string Description, string SearchText, RequestStatus Status,
        Importance Importance, IntakeChannel Channel, int UnitId, Guid? RequesterId, string RequesterName, string? NationalId, string? Mobile,
        RequesterRole Role, byte[]? SecretHash, DateTime CreatedAt, DateTime UpdatedAt, Guid? AssigneeId, string? Resolution, DateTime? ResolvedAt, int? Score,
        Outcome Outcome);

    /// <summary>What the deadline clock and the requester concluded (the columns the indicators read), and where the request was made.</summary>
    private sealed record Outcome(int? FirstResponseMinutes, int? ResolutionMinutes, bool? ResolvedLate, int EscalationCount, DateTime? ObjectedAt, double? Latitude, double? Longitude);

    /// <summary>The resolution target of a normal request, in working minutes (35 working hours, as <see cref="Calendar"/> uses).</summary>
    private const int ResolutionTargetMinutes = 35 * 60;

    /// <summary>
    /// Outcomes consistent with the status, from their own random stream (so every other column is the same as before
    /// they were generated): a first answer for every request past New, log-normal around 4 working hours (30 min to 3
    /// working days of 7 h); for Resolved and Closed a resolution time log-normal around 18 working hours, late when
    /// over the 35-hour target (about 20 %); escalations for every Escalated request and some late or reopened ones;
    /// an objection for most Reopened ones; a location (Saudi Arabia's box) for about a fifth of all requests.
    /// </summary>
    private static Outcome PickOutcome(Random rng, RequestStatus status, DateTime created)
    {
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        int? first = status == RequestStatus.New ? null : (int)Math.Clamp(Math.Exp(Math.Log(240) + 0.9 * Normal()), 30, 3 * 7 * 60);
        var finished = status is RequestStatus.Resolved or RequestStatus.Closed;
        int? resolution = null;
        bool? late = null;
        if (finished)
        {
            // P(X > 2100) = 0.2 for a log-normal of median 1071 and sigma 0.8.
            resolution = Math.Max(first!.Value + 15, (int)Math.Clamp(Math.Exp(Math.Log(1071) + 0.8 * Normal()), 45, 40 * 7 * 60));
            late = resolution > ResolutionTargetMinutes;
        }
        var escalations = status == RequestStatus.Escalated ? 1 + (rng.NextDouble() < 0.15 ? 1 : 0)
            : late == true && rng.NextDouble() < 0.30 ? 1
            : status == RequestStatus.Reopened && rng.NextDouble() < 0.20 ? 1
            : status != RequestStatus.New && rng.NextDouble() < 0.02 ? 1 : 0;
        DateTime? objected = status == RequestStatus.Reopened && rng.NextDouble() < 0.6 ? created.AddHours(24 + rng.Next(24 * 10)) : null;
        var located = rng.NextDouble() < 0.2;
        return new Outcome(first, resolution, late, escalations, objected,
            located ? 17.5 + rng.NextDouble() * 13 : null, located ? 36.5 + rng.NextDouble() * 13 : null);
    }

    private static async Task CopyRequestsAsync(NpgsqlDataSource dataSource, Organization org, int count, int seed)
    {
        var channel = Channel.CreateBounded<Row>(new BoundedChannelOptions(20_000) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var row in Rows(org, count, seed)) await channel.Writer.WriteAsync(row);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
                throw;
            }
        });

        await using var requestsConn = await dataSource.OpenConnectionAsync();
        await using var eventsConn = await dataSource.OpenConnectionAsync();
        // Rows are consistent by construction: skip the per-row foreign-key triggers during the load.
        await ExecAsync(requestsConn, "SET session_replication_role = replica");
        await ExecAsync(eventsConn, "SET session_replication_role = replica");
        var columns = string.Join(", ", RequestColumns.Select(c => "\"" + c + "\""));
        await using var requests = await requestsConn.BeginBinaryImportAsync($"COPY \"Requests\" ({columns}) FROM STDIN (FORMAT BINARY)");
        await using var events = await eventsConn.BeginBinaryImportAsync("""COPY "RequestEvents" ("Id", "RequestId", "Kind", "IsPublic", "ActorId", "UnitId", "Text", "At", "ByDelegation") FROM STDIN (FORMAT BINARY)""");
        var written = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var r in channel.Reader.ReadAllAsync())
        {
            await requests.StartRowAsync();
            await requests.WriteAsync(r.Id, NpgsqlDbType.Bigint);
            await requests.WriteAsync(r.Number, NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.Type.ToString(), NpgsqlDbType.Varchar);
            await requests.WriteNullAsync();
            await requests.WriteAsync(r.Subject, NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.Description, NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.SearchText, NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.Status.ToString(), NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.Importance.ToString(), NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.Channel.ToString(), NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.UnitId, NpgsqlDbType.Integer);
            await WriteNullableAsync(requests, r.RequesterId, NpgsqlDbType.Uuid);
            await requests.WriteAsync(r.RequesterName, NpgsqlDbType.Varchar);
            await WriteNullableAsync(requests, r.NationalId, NpgsqlDbType.Varchar);
            await WriteNullableAsync(requests, r.Mobile, NpgsqlDbType.Varchar);
            await requests.WriteNullAsync();
            await requests.WriteAsync(r.Role.ToString(), NpgsqlDbType.Varchar);
            await WriteNullableAsync(requests, r.SecretHash, NpgsqlDbType.Bytea);
            await WriteNullableAsync(requests, r.Outcome.Latitude, NpgsqlDbType.Double);
            await WriteNullableAsync(requests, r.Outcome.Longitude, NpgsqlDbType.Double);
            await requests.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz);
            await requests.WriteAsync(r.UpdatedAt, NpgsqlDbType.TimestampTz);
            await requests.WriteAsync(0, NpgsqlDbType.Integer);
            await WriteNullableAsync(requests, r.AssigneeId, NpgsqlDbType.Uuid);
            await WriteNullableAsync(requests, r.Resolution, NpgsqlDbType.Varchar);
            await WriteNullableAsync(requests, r.ResolvedAt, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(requests, r.Score, NpgsqlDbType.Integer);
            await WriteNullableAsync(requests, r.Outcome.ObjectedAt, NpgsqlDbType.TimestampTz);
            await requests.WriteAsync("ar", NpgsqlDbType.Varchar);
            await requests.WriteAsync(r.Outcome.EscalationCount, NpgsqlDbType.Integer);
            await requests.WriteAsync(0, NpgsqlDbType.Integer);
            var running = r.Status is not (RequestStatus.Resolved or RequestStatus.Closed or RequestStatus.AwaitingRequester);
            await WriteNullableAsync(requests, running ? Calendar.AddWorkingTime(new DateTimeOffset(r.CreatedAt, TimeSpan.Zero), TimeSpan.FromHours(35))?.UtcDateTime : null, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(requests, r.Outcome.FirstResponseMinutes, NpgsqlDbType.Integer);
            await WriteNullableAsync(requests, r.Outcome.ResolutionMinutes, NpgsqlDbType.Integer);
            await WriteNullableAsync(requests, r.Outcome.ResolvedLate, NpgsqlDbType.Boolean);

            foreach (var (eventId, kind, actor, unit) in new[] { (2 * r.Id - 1, EventKind.Submitted, r.RequesterId, (int?)null), (2 * r.Id, EventKind.Routed, null, r.UnitId) })
            {
                await events.StartRowAsync();
                await events.WriteAsync(eventId, NpgsqlDbType.Bigint);
                await events.WriteAsync(r.Id, NpgsqlDbType.Bigint);
                await events.WriteAsync(kind.ToString(), NpgsqlDbType.Varchar);
                await events.WriteAsync(true, NpgsqlDbType.Boolean);
                await WriteNullableAsync(events, actor, NpgsqlDbType.Uuid);
                await WriteNullableAsync(events, unit, NpgsqlDbType.Integer);
                await events.WriteNullAsync();
                await events.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz);
                await events.WriteAsync(false, NpgsqlDbType.Boolean);
            }
            if (++written % 100_000 == 0)
                Console.WriteLine($"  {written:N0} rows, {written / clock.Elapsed.TotalSeconds:N0}/s");
        }
        await producer;
        await requests.CompleteAsync();
        await events.CompleteAsync();
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v) await importer.WriteAsync(v, type);
        else await importer.WriteNullAsync();
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : class
    {
        if (value is not null) await importer.WriteAsync(value, type);
        else await importer.WriteNullAsync();
    }

    /// <summary>Request rows, oldest first: ids in time order over the last ~4 years; the newest are mostly still open.</summary>
    private static IEnumerable<Row> Rows(Organization org, int count, int seed)
    {
        var words = new Vocabulary(seed);
        var newNumber = NumberFactory();
        var numbers = new HashSet<string>(count, StringComparer.Ordinal);
        var start = new DateTime(2023, 1, 1, 5, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2026, 11, 20, 5, 0, 0, DateTimeKind.Utc);
        var span = (end - start).TotalMinutes;
        var assignees = Enumerable.Range(0, 200).Select(i => new Guid(i + 1, 0xbe, 0, new byte[8])).ToArray();
        var rareEvery = Math.Max(1, count / 20);
        var directorateWeights = Cumulative(org.DirectorateWeights);
        var outcomes = new Random(seed ^ 0x0c0e);
        var schoolsByDirectorate = org.Schools.Select((id, i) => (id, d: org.SchoolDirectorate[i])).GroupBy(x => x.d).OrderBy(g => g.Key).Select(g => g.Select(x => x.id).ToArray()).ToArray();
        for (long id = 1; id <= count; id++)
        {
            var created = start.AddMinutes(span * (id - 1) / count);
            var age = (double)(count - id) / count; // 0 = newest
            var status = PickStatus(words.NextDouble(), age);
            var d = Array.BinarySearch(directorateWeights, words.NextDouble() * directorateWeights[^1]);
            d = d < 0 ? ~d : d;
            var where = words.NextDouble();
            var unitId = where < 0.03 ? org.RootId : where < 0.15 ? org.DirectorateIds[d] : schoolsByDirectorate[d][words.Next(schoolsByDirectorate[d].Length)];
            var subject = words.Subject();
            var description = words.Description(common: words.Next(2) == 0, rare: id % rareEvery == 7 % rareEvery);
            string number;
            do number = newNumber(created.Year);
            while (!numbers.Add(number));
            var guest = words.Next(10) < 7;
            var finished = status is RequestStatus.Resolved or RequestStatus.Closed;
            var resolvedAt = finished ? created.AddHours(4 + words.Next(24 * 20)) : (DateTime?)null;
            var open = !finished && status != RequestStatus.New;
            yield return new Row(
                id, number, (RequestType)words.Next(4), subject, description, SearchText.IndexForm(subject, description), status,
                words.Next(10) == 0 ? Importance.Important : Importance.Normal, (IntakeChannel)(words.Next(10) < 8 ? 0 : words.Next(3)),
                unitId, guest ? null : new Guid(words.Bytes(16)), words.PersonName(), words.Next(2) == 0 ? words.NationalId() : null, words.Mobile(),
                (RequesterRole)words.Next(5), guest ? words.Bytes(32) : null, created, resolvedAt ?? created.AddHours(words.Next(48)),
                open || finished ? assignees[words.Next(assignees.Length)] : null, finished ? "تمت معالجة الطلب والتواصل مع مقدمه" : null, resolvedAt,
                finished && words.Next(3) == 0 ? 1 + words.Next(5) : null, PickOutcome(outcomes, status, created));
        }
    }

    /// <summary>New: half of the newest 3 %, a few percent before; most older requests are finished.</summary>
    private static RequestStatus PickStatus(double p, double age)
    {
        var (newShare, openShare) = age < 0.03 ? (0.50, 0.40) : age < 0.15 ? (0.05, 0.25) : (0.01, 0.03);
        if (p < newShare) return RequestStatus.New;
        if (p < newShare + openShare)
        {
            var q = (p - newShare) / openShare;
            return q < 0.5 ? RequestStatus.UnderStudy : q < 0.7 ? RequestStatus.Forwarded : q < 0.8 ? RequestStatus.Escalated : q < 0.95 ? RequestStatus.AwaitingRequester : RequestStatus.Reopened;
        }
        return (p - newShare - openShare) / (1 - newShare - openShare) < 0.35 ? RequestStatus.Resolved : RequestStatus.Closed;
    }

    private static double[] Cumulative(double[] weights)
    {
        var sum = 0.0;
        return [.. weights.Select(w => sum += w)];
    }

    /// <summary>The app's own ReferenceNumber.New (Wasl.Web lets the bench see it): prefix, year, seven random characters, check character.</summary>
    internal static Func<int, string> NumberFactory() => year => Wasl.Web.Platform.References.ReferenceNumber.New("WSL", year).ToString();

    /// <summary>10,000 texts of the same shape for the bare pgbench transaction (it cannot build Arabic text itself).</summary>
    private static async Task CreateTextsAsync(NpgsqlConnection conn, int seed)
    {
        await ExecAsync(conn, """CREATE TABLE bench_texts (id integer PRIMARY KEY, subject varchar(200) NOT NULL, description varchar(8000) NOT NULL, search_text varchar(16400) NOT NULL, name varchar(200) NOT NULL)""");
        var words = new Vocabulary(seed);
        await using var importer = await conn.BeginBinaryImportAsync("COPY bench_texts (id, subject, description, search_text, name) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < 10_000; i++)
        {
            var subject = words.Subject();
            var description = words.Description(common: words.Next(2) == 0, rare: false);
            await importer.StartRowAsync();
            await importer.WriteAsync(i, NpgsqlDbType.Integer);
            await importer.WriteAsync(subject, NpgsqlDbType.Varchar);
            await importer.WriteAsync(description, NpgsqlDbType.Varchar);
            await importer.WriteAsync(SearchText.IndexForm(subject, description), NpgsqlDbType.Varchar);
            await importer.WriteAsync(words.PersonName(), NpgsqlDbType.Varchar);
        }
        await importer.CompleteAsync();
    }

    internal static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
#pragma warning disable CA2100 // Bench SQL built from constants and the catalogue's own index definitions.
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
#pragma warning restore CA2100
        await cmd.ExecuteNonQueryAsync();
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
#pragma warning disable CA2100 // Bench SQL from constants.
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
#pragma warning restore CA2100
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
