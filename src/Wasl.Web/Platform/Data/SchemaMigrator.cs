using System.Data;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Wasl.Web.Platform.Data;

/// <summary>
/// Applies the versioned SQL scripts of the current provider (embedded from Platform/Data/Migrations/{Provider}/).
/// Several nodes may start at once: PostgreSQL serializes them with an advisory lock, SQLite with BEGIN IMMEDIATE.
/// Each script runs in its own transaction together with its history row, so a failed script leaves nothing behind.
/// </summary>
internal sealed class SchemaMigrator(WaslDbContext db, ILogger<SchemaMigrator> logger)
{
    internal const string HistoryTable = "wasl_schema_history";
    private const long AdvisoryLockKey = 0x5741534C; // "WASL"

    public static IReadOnlyList<MigrationScript> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"Wasl.Web.Platform.Data.Migrations.{provider}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => new MigrationScript(n[prefix.Length..^4], Read(assembly, n)))
            .OrderBy(s => s.Id, StringComparer.Ordinal)];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public DatabaseProvider Provider => db.Database.IsNpgsql() ? DatabaseProvider.PostgreSQL : DatabaseProvider.Sqlite;

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        var applied = await AppliedAsync(ct);
        return [.. Scripts(Provider).Select(s => s.Id).Where(id => !applied.Contains(id))];
    }

    public async Task<HashSet<string>> AppliedAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            return await ReadAppliedAsync(connection, null, ct);
        }
        catch (DbException)
        {
            // No history table yet: nothing has been applied (this path never creates anything).
            return [];
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        try
        {
            if (Provider == DatabaseProvider.PostgreSQL)
                await ExecAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);
            try
            {
                // Inside the lock: concurrent CREATE TABLE IF NOT EXISTS still races in PostgreSQL's catalogue.
                await EnsureHistoryTableAsync(connection, ct);
                foreach (var script in Scripts(Provider))
                    await ApplyAsync(connection, script, ct);
            }
            finally
            {
                if (Provider == DatabaseProvider.PostgreSQL)
                    await ExecAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private async Task ApplyAsync(DbConnection connection, MigrationScript script, CancellationToken ct)
    {
        await using var tx = Provider == DatabaseProvider.Sqlite
            ? await BeginImmediateAsync(connection, ct)
            : await connection.BeginTransactionAsync(ct);
        var applied = await ReadAppliedAsync(connection, tx, ct);
        if (applied.Contains(script.Id))
        {
            await tx.RollbackAsync(ct);
            return;
        }
        logger.LogInformation("Applying schema migration {Migration}", script.Id);
        await ExecAsync(connection, tx, script.Sql, ct);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {HistoryTable} (id, applied_at) VALUES (@id, @at)";
            AddParameter(insert, "@id", script.Id);
            AddParameter(insert, "@at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static ValueTask<DbTransaction> BeginImmediateAsync(DbConnection connection, CancellationToken ct)
    {
        // Microsoft.Data.Sqlite starts deferred transactions; a deferred one would let two processes read "not applied" at once.
        var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
        return ValueTask.FromResult<DbTransaction>(sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false));
    }

    private static async Task EnsureHistoryTableAsync(DbConnection connection, CancellationToken ct) =>
        await ExecAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (id varchar(150) NOT NULL PRIMARY KEY, applied_at varchar(40) NOT NULL)", ct);

    private static async Task<HashSet<string>> ReadAppliedAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT id FROM {HistoryTable}";
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
        return set;
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
#pragma warning disable CA2100 // The SQL comes from embedded migration scripts and constants, never from input.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.CommandTimeout = 300;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}

internal sealed record MigrationScript(string Id, string Sql);
