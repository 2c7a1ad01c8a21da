using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>Migrations, several nodes on one database, and production safety, per provider.</summary>
public abstract class OperationsTests(DatabaseProvider provider)
{
    private void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    [SkippableFact]
    public async Task Migration_scripts_build_exactly_the_schema_of_the_model()
    {
        Require();
        var migrated = await TestDatabases.CreateAsync(provider, "migrated");
        await using (var db = SchemaTools.CreateContext(provider, migrated))
            await new SchemaMigrator(db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var expected = await TestDatabases.CreateAsync(provider, "expected");
        await using (var db = SchemaTools.CreateContext(provider, expected))
            await db.Database.ExecuteSqlRawAsync(SchemaTools.CreateScript(provider, TestModules.Parts));

        var actualSchema = await SchemaSnapshot.ReadAsync(provider, migrated);
        var expectedSchema = await SchemaSnapshot.ReadAsync(provider, expected);
        Assert.NotEmpty(expectedSchema);
        Assert.Equal(expectedSchema, actualSchema);

        await using var check = SchemaTools.CreateContext(provider, migrated);
        Assert.Empty(await new SchemaMigrator(check, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).PendingAsync(CancellationToken.None));
    }

    private async Task<string> MigratedAsync(string name)
    {
        var connection = await TestDatabases.CreateAsync(provider, name);
        await using var db = SchemaTools.CreateContext(provider, connection);
        await new SchemaMigrator(db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return connection;
    }

    private async Task ExecAsync(string connection, string sql)
    {
        await using var db = SchemaTools.CreateContext(provider, connection);
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task MigrateAsync(string connection)
    {
        await using var db = SchemaTools.CreateContext(provider, connection);
        await new SchemaMigrator(db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task A_script_changed_after_it_was_applied_stops_the_start_naming_it()
    {
        Require();
        var connection = await MigratedAsync("changed");
        // As if 0002_requests had been edited since: the recorded checksum no longer matches the script.
        await ExecAsync(connection, $"UPDATE {SchemaMigrator.HistoryTable} SET checksum = '{new string('0', 64)}' WHERE id = '0002_requests'");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(connection));
        Assert.StartsWith("Schema migration 0002_requests (Requests) was changed after this database applied it", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_database_from_before_checksums_gets_them_recorded_on_its_next_start()
    {
        Require();
        var connection = await MigratedAsync("upgrade");
        await ExecAsync(connection, $"ALTER TABLE {SchemaMigrator.HistoryTable} DROP COLUMN checksum");
        await MigrateAsync(connection);
        await MigrateAsync(connection); // and the next start finds them equal

        await using var db = SchemaTools.CreateContext(provider, connection);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT id, checksum FROM {SchemaMigrator.HistoryTable}";
        var recorded = new Dictionary<string, string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) recorded[reader.GetString(0)] = reader.GetString(1);
        Assert.Equal(SchemaMigrator.Scripts(provider, TestModules.Parts).ToDictionary(s => s.Id, s => s.Checksum), recorded);
    }

    [SkippableFact]
    public async Task An_index_left_invalid_by_an_interrupted_concurrent_build_is_built_again()
    {
        Require();
        if (provider == DatabaseProvider.Sqlite)
        {
            // SQLite builds indexes inside the script's transaction: its 0011 is an ordinary script.
            Assert.False(SchemaMigrator.Scripts(provider, TestModules.Parts).Single(s => s.Id == "0011_running_requests_index").NoTransaction);
            return;
        }
        Assert.True(SchemaMigrator.Scripts(provider, TestModules.Parts).Single(s => s.Id == "0011_running_requests_index").NoTransaction);
        var connection = await MigratedAsync("concurrent");
        // What a node killed during CREATE INDEX CONCURRENTLY leaves: an INVALID index and no history row.
        await ExecAsync(connection, $"DELETE FROM {SchemaMigrator.HistoryTable} WHERE id = '0011_running_requests_index'");
        await ExecAsync(connection, "UPDATE pg_index SET indisvalid = false WHERE indexrelid = '\"IX_Requests_Running\"'::regclass");
        await MigrateAsync(connection);

        await using var db = SchemaTools.CreateContext(provider, connection);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'IX_Requests_Running'";
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
        Assert.Contains("0011_running_requests_index", await new SchemaMigrator(db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).AppliedAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Several_nodes_migrating_at_once_apply_each_script_once()
    {
        Require();
        var connection = await TestDatabases.CreateAsync(provider, "race");
        if (provider == DatabaseProvider.Sqlite)
        {
            // A busy timeout lets the second node wait for the first one's lock instead of failing.
            connection += ";Default Timeout=60";
        }
        var nodes = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = SchemaTools.CreateContext(provider, connection);
            await new SchemaMigrator(db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        });
        await Task.WhenAll(nodes);
        await using var check = SchemaTools.CreateContext(provider, connection);
        var applied = await new SchemaMigrator(check, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).AppliedAsync(CancellationToken.None);
        Assert.Equal(SchemaMigrator.Scripts(provider, TestModules.Parts).Select(s => s.Id).Order(), applied.Order());
    }

    [SkippableFact]
    public async Task Two_instances_on_one_database_accept_each_others_cookies()
    {
        Require();
        var connection = await TestDatabases.CreateAsync(provider, "nodes");
        await using var first = new WaslAppFactory(provider, connection);
        await using var second = new WaslAppFactory(provider, connection);
        // Both nodes start at once on an empty database: each migrates and seeds, and neither trips over the other.
        await Task.WhenAll(Task.Run(() => first.Server), Task.Run(() => second.Server));

        var s = WebSession.Start(first);
        Assert.Equal("/staff", (await s.SignInAsync("coordinator", DemoData.Password)).Headers.Location!.OriginalString);
        var (_, page) = await s.GetAsync("/staff/admin/units");

        // The load balancer sends the same browser to the other node.
        var other = WebSession.Start(second, s.Jar);
        var (response, home) = await other.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("منسق إدارة تعليم الرياض", home.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        // A form token issued by one node is accepted by the other (shared data-protection keys).
        var post = await other.SubmitAsync(page, "/staff/admin/units", new Dictionary<string, string> { ["language"] = "en" }, formSelector: "form.language-switch");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
    }

    [SkippableFact]
    public async Task Demo_accounts_are_refused_outside_development()
    {
        Require();
        var connection = await TestDatabases.CreateAsync(provider, "prod");
        await using (var dev = new WaslAppFactory(provider, connection))
        {
            _ = dev.Server; // Development start: creates the demo data.
        }
        await using var production = new WaslAppFactory(provider, connection, "Production");
        var s = WebSession.Start(production);
        var response = await s.SignInAsync("coordinator", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Refused like a wrong password (issue 11): the answer does not tell that the account exists.
        var unknown = await WebSession.Start(production).SignInAsync("nobody-here", DemoData.Password);
        Assert.Equal((await WebSession.ParseAsync(unknown)).QuerySelector(".error-summary")!.TextContent, (await WebSession.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent);
        Assert.Null(response.Headers.Location);
    }

    [SkippableFact]
    public async Task Sign_in_posts_are_rate_limited_with_a_localized_page()
    {
        Require();
        var connection = await TestDatabases.CreateAsync(provider, "limits");
        await using var app = new WaslAppFactory(provider, connection, settings: new Dictionary<string, string?> { ["RateLimits:Auth:PermitLimit"] = "3" });
        var s = WebSession.Start(app);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++) last = await s.SignInAsync("coordinator", "wrong-" + i);
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Contains("محاولات كثيرة", (await WebSession.ParseAsync(last)).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        // Reading the form is not limited.
        Assert.Equal(HttpStatusCode.OK, (await s.GetAsync("/staff/sign-in")).Response.StatusCode);
    }
}

public sealed class OperationsTestsOnSqlite() : OperationsTests(DatabaseProvider.Sqlite);

public sealed class OperationsTestsOnPostgres() : OperationsTests(DatabaseProvider.PostgreSQL);

/// <summary>A provider's catalogue reduced to comparable lines: tables, columns with types, keys, indexes, foreign keys.</summary>
internal static class SchemaSnapshot
{
    public static async Task<List<string>> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        await using DbConnection conn = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var lines = new List<string>();
        if (provider == DatabaseProvider.Sqlite)
        {
            var tables = await QueryAsync(conn, $"SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '{SchemaMigrator.HistoryTable}'");
            foreach (var t in tables)
            {
                var table = t[0];
                lines.AddRange((await QueryAsync(conn, $"SELECT name, type, \"notnull\", pk, coalesce(dflt_value, '') FROM pragma_table_info('{table}')"))
                    .Select(r => SqliteAddColumnDefaults.Contains($"{table}.{r[0]} {r[4]}") ? r[..4].Append("").ToArray() : r)
                    .Select(r => $"column {table}.{string.Join(' ', r)}"));
                lines.AddRange((await QueryAsync(conn, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')")).Select(r => $"fk {table} {string.Join(' ', r)}"));
                foreach (var idx in await QueryAsync(conn, $"SELECT name, \"unique\", partial FROM pragma_index_list('{table}')"))
                {
                    var cols = (await QueryAsync(conn, $"SELECT name FROM pragma_index_info('{idx[0]}')")).Select(r => r[0]);
                    // A partial index compares by its condition too, as PostgreSQL's indexdef does.
                    var where = idx[2] == "1" ? " where " + PartialCondition((await QueryAsync(conn, $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{idx[0]}'"))[0][0]) : "";
                    lines.Add($"index {table}.{idx[0]} unique={idx[1]} ({string.Join(",", cols)}){where}");
                }
            }
            // Objects beyond the model (full-text tables and the triggers that feed them) compare by their definition.
            lines.AddRange((await QueryAsync(conn, "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%'"))
                .Select(r => $"{r[0]} {r[1]} {r[2]}"));
        }
        else
        {
            lines.AddRange((await QueryAsync(conn, $"""
                SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, coalesce(collation_name, ''), coalesce(column_default, ''), is_identity, coalesce(generation_expression, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '{SchemaMigrator.HistoryTable}'
                """)).Select(r => "column " + string.Join(' ', r)));
            lines.AddRange((await QueryAsync(conn, $"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '{SchemaMigrator.HistoryTable}'")).Select(r => "index " + string.Join(' ', r)));
            lines.AddRange((await QueryAsync(conn, $"""
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                AND conrelid::regclass::text <> '{SchemaMigrator.HistoryTable}'
                """)).Select(r => "constraint " + string.Join(' ', r)));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>
    /// Columns added by ALTER TABLE … ADD COLUMN … NOT NULL, which SQLite accepts only with a default, and whose default
    /// SQLite cannot drop without rebuilding the table (PostgreSQL's scripts drop theirs). Harmless: the model has no
    /// default, so EF writes these columns on every insert. Any other default that differs from the model fails.
    /// </summary>
    private static readonly HashSet<string> SqliteAddColumnDefaults =
    [
        "AspNetUsers.EmailNotices 1", "AspNetUsers.SmsNotices 1", "RequestEvents.ByDelegation 0",
        "Requests.BreachCount 0", "Requests.EscalationCount 0", "Requests.Language 'ar'",
    ];

    /// <summary>The WHERE of a CREATE INDEX as SQLite keeps it, with spacing, quotes and outer parentheses made uniform.</summary>
    internal static string PartialCondition(string createIndex)
    {
        var at = createIndex.LastIndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
        var condition = System.Text.RegularExpressions.Regex.Replace(createIndex[(at + 7)..].Replace("\"", "", StringComparison.Ordinal), @"\s+", " ").Trim().TrimEnd(';').Trim();
        while (condition.StartsWith('(') && condition.EndsWith(')')) condition = condition[1..^1].Trim();
        return condition;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        return rows;
    }
}
