using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Data;

namespace Wasl.Tests;

/// <summary>
/// The chain (issue 12, point 2): <c>audit verify</c> says "intact", and names the first broken link after one row is
/// tampered with in the database (the append-only triggers first refuse it; the test then plays an attacker with the
/// owner's rights who turns them off). Two nodes sealing at once over one PostgreSQL make one chain.
/// </summary>
public abstract class AuditChainTests(DatabaseProvider provider)
{
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Demo:Seed"] = "false" };

    private static async Task<(int Code, string Output)> RunAsync(WaslAppFactory app, params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var code = await AuditCommand.RunAsync(app.Services, args, output);
        return (code, output.ToString().Trim());
    }

    private static async Task WriteAsync(WaslAppFactory app, int count, string prefix)
    {
        var audit = app.Services.GetRequiredService<AuditLog>();
        for (var i = 0; i < count; i++)
            await audit.WriteAsync(new AuditRecord("test." + prefix, "TestSubject", i.ToString(CultureInfo.InvariantCulture), null, new { i }), CancellationToken.None);
    }

    /// <summary>Raw SQL on the application's own connection string (not through EF, which reads braces as placeholders).</summary>
    private static async Task SqlAsync(WaslAppFactory app, string sql)
    {
        using var scope = app.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<WaslDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> EntryAtAsync(WaslAppFactory app, long seq)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<AuditSeal>().Where(s => s.Seq == seq).Select(s => s.EntryId).SingleAsync();
    }

    /// <summary>The attacker: with the owner's rights the append-only triggers can be turned off (PostgreSQL) or dropped (SQLite).</summary>
    private async Task AsAttackerAsync(WaslAppFactory app, string table, string sql)
    {
        if (provider == DatabaseProvider.PostgreSQL)
            await SqlAsync(app, $"ALTER TABLE \"{table}\" DISABLE TRIGGER USER; {sql}; ALTER TABLE \"{table}\" ENABLE TRIGGER USER;");
        else
            await SqlAsync(app, $"DROP TRIGGER IF EXISTS \"{table}_append_only_update\"; DROP TRIGGER IF EXISTS \"{table}_append_only_delete\"; {sql};");
    }

    [SkippableTheory]
    [InlineData("content")]
    [InlineData("entry")]
    [InlineData("seal")]
    [InlineData("anchor")]
    [InlineData("unsealed")]
    public async Task Verify_says_intact_then_names_the_first_broken_link_after_a_row_is_tampered_with(string tamper)
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
        await using var app = new WaslAppFactory(provider, await TestDatabases.CreateAsync(provider, "audit"), settings: NoDemo);
        await WriteAsync(app, 30, "tamper");
        Assert.Equal((0, "sealed 30 entries"), await RunAsync(app, "seal"));
        var (code, output) = await RunAsync(app, "verify");
        Assert.Equal(0, code);
        Assert.Equal("intact: 30 entries sealed in one chain, 1 anchors, 0 waiting to be sealed", output);

        // The application's own rights are not enough: the database refuses to change or remove a sealed row.
        var refused = await Record.ExceptionAsync(() => SqlAsync(app, "UPDATE \"AuditEntries\" SET \"Details\" = '{}'"));
        Assert.NotNull(refused);
        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await Record.ExceptionAsync(() => SqlAsync(app, "DELETE FROM \"AuditSeals\"")));

        var entry = await EntryAtAsync(app, 10);
        var (table, sql, expected) = tamper switch
        {
            "content" => ("AuditEntries", $"UPDATE \"AuditEntries\" SET \"Details\" = '{{\"i\":99}}' WHERE \"Id\" = {entry}", $"BROKEN at seal 10, entry {entry}: content changed"),
            "entry" => ("AuditEntries", $"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {entry}", $"BROKEN at seal 10, entry {entry}: entry missing"),
            "seal" => ("AuditSeals", "DELETE FROM \"AuditSeals\" WHERE \"Seq\" = 10", "BROKEN at seal 10, entry -: seal missing"),
            "anchor" => ("AuditAnchors", $"UPDATE \"AuditAnchors\" SET \"Hash\" = '{new string('a', 64)}'", $"BROKEN at seal 30, entry {await EntryAtAsync(app, 30)}: anchor mismatch"),
            _ => ("AuditEntries", "INSERT INTO \"AuditEntries\" (\"At\", \"Action\") VALUES (" + (provider == DatabaseProvider.PostgreSQL ? "now()" : "0") + ", 'forged')", "BROKEN at seal -, entry "),
        };
        await AsAttackerAsync(app, table, sql);
        (code, output) = await RunAsync(app, "verify");
        Assert.Equal(1, code);
        Assert.StartsWith(expected, output, StringComparison.Ordinal);
        if (tamper == "unsealed") Assert.Contains("neither sealed nor waiting to be sealed", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_anchor_from_the_log_catches_a_chain_rewritten_from_the_start()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
        await using var app = new WaslAppFactory(provider, await TestDatabases.CreateAsync(provider, "audit"), settings: NoDemo);
        await WriteAsync(app, 5, "anchor");
        await RunAsync(app, "seal");
        string head;
        using (var scope = app.Services.CreateScope())
            head = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<AuditSeal>().Where(s => s.Seq == 5).Select(s => s.Hash).SingleAsync();
        Assert.Equal(0, (await RunAsync(app, "verify", "--anchor", "5:" + head)).Code);
        // The anchor the log kept does not match what the database says now.
        var (code, output) = await RunAsync(app, "verify", "--anchor", "5:" + new string('b', 64));
        Assert.Equal(1, code);
        Assert.StartsWith("BROKEN at seal 5", output, StringComparison.Ordinal);
        Assert.Contains("anchor mismatch", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Two_nodes_sealing_at_once_make_one_chain()
    {
        if (provider != DatabaseProvider.PostgreSQL) return; // several nodes share PostgreSQL only
        TestDatabases.RequirePostgres();
        var connection = await TestDatabases.CreateAsync(provider, "audit2");
        var sealing = new Dictionary<string, string?>(NoDemo) { ["Audit:SealerEnabled"] = "true", ["Audit:SealIntervalSeconds"] = "1", ["Audit:SealBatch"] = "7" };
        await using var first = new WaslAppFactory(provider, connection, settings: sealing);
        _ = first.Server;
        await using var second = new WaslAppFactory(provider, connection, settings: sealing);
        _ = second.Server;
        await Task.WhenAll(WriteAsync(first, 150, "first"), WriteAsync(second, 150, "second"), WriteAsync(first, 100, "third"));
        using var scope = first.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        for (var i = 0; i < 120 && await db.Set<AuditPending>().AnyAsync(); i++) await Task.Delay(500);
        Assert.False(await db.Set<AuditPending>().AnyAsync());
        var entries = await db.Set<AuditEntry>().CountAsync();
        Assert.True(entries >= 400, entries.ToString(CultureInfo.InvariantCulture));
        var seqs = await db.Set<AuditSeal>().OrderBy(s => s.Seq).Select(s => s.Seq).ToListAsync();
        Assert.Equal(Enumerable.Range(1, entries).Select(n => (long)n), seqs);
        var (code, output) = await RunAsync(second, "verify");
        Assert.Equal(0, code);
        Assert.StartsWith($"intact: {entries} entries sealed in one chain", output, StringComparison.Ordinal);
    }
}

public sealed class AuditChainTestsOnSqlite() : AuditChainTests(DatabaseProvider.Sqlite);

public sealed class AuditChainTestsOnPostgres() : AuditChainTests(DatabaseProvider.PostgreSQL);
