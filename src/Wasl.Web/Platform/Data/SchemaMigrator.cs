using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Wasl.Web.Platform.Data;

/// <summary>
/// Applies the versioned SQL scripts of the current provider that every module embeds under
/// {module}/Data/Migrations/{Provider}/ (<see cref="ModuleParts"/>), as one list ordered by number (docs/adr/0012).
/// Several nodes may start at once: PostgreSQL serializes them with an advisory lock, SQLite with BEGIN IMMEDIATE.
/// Each script runs in its own transaction together with its history row, so a failed script leaves nothing behind;
/// a PostgreSQL script whose first line is <c>-- wasl:no-transaction</c> runs statement by statement outside one (for
/// CREATE INDEX CONCURRENTLY), each statement idempotent. The SHA-256 of every applied script is kept: a script changed
/// after it was applied stops the start.
/// </summary>
internal sealed partial class SchemaMigrator(WaslDbContext db, IEnumerable<ModuleParts> parts, ILogger<SchemaMigrator> logger)
{
    internal const string HistoryTable = "wasl_schema_history";
    internal const string NoTransactionMarker = "-- wasl:no-transaction";
    private const long AdvisoryLockKey = 0x5741534C; // "WASL"
    private readonly IReadOnlyList<ModuleParts> _parts = [.. parts];

    /// <summary>Every module's scripts for a provider, ordered by number; two scripts with one number are an error.</summary>
    public static IReadOnlyList<MigrationScript> Scripts(DatabaseProvider provider, IEnumerable<ModuleParts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var scripts = parts.SelectMany(p => Embedded(p.Assembly, $"{p.DataNamespace}.Migrations.{provider}.")
                .Select(e => new MigrationScript(e.Name, p.Name, e.Sql)))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var clash = scripts.GroupBy(s => s.Number, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException($"Schema migrations {string.Join(" and ", clash.Select(s => $"{s.Id} ({s.Module})"))} share the number {clash.Key}: every script needs its own.");
        return scripts;
    }

    /// <summary>Embedded .sql files under a namespace prefix, by name without the prefix and ".sql", in ordinal order.</summary>
    internal static IEnumerable<(string Name, string Sql)> Embedded(Assembly assembly, string prefix) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..^4], Read(assembly, n)));

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
        return [.. Scripts(Provider, _parts).Select(s => s.Id).Where(id => !applied.Contains(id))];
    }

    public async Task<HashSet<string>> AppliedAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT id FROM {HistoryTable}";
            var set = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
            return set;
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
        var scripts = Scripts(Provider, _parts);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        try
        {
            if (Provider == DatabaseProvider.PostgreSQL)
                await LockAsync(connection, ct);
            try
            {
                // Inside the lock: concurrent CREATE TABLE IF NOT EXISTS still races in PostgreSQL's catalogue.
                await EnsureHistoryTableAsync(connection, ct);
                await VerifyAppliedAsync(connection, scripts, ct);
                foreach (var script in scripts)
                {
                    if (script.NoTransaction && Provider == DatabaseProvider.PostgreSQL)
                        await ApplyOutsideTransactionAsync(connection, script, ct);
                    else
                        await ApplyAsync(connection, script, ct);
                }
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

    /// <summary>
    /// Not pg_advisory_lock: a node blocked in it sits inside a statement, and CREATE INDEX CONCURRENTLY on the node
    /// holding the lock waits for every such transaction to end (a deadlock PostgreSQL then breaks by failing one).
    /// Waiting nodes try again every quarter second and stay idle in between.
    /// </summary>
    private static async Task LockAsync(DbConnection connection, CancellationToken ct)
    {
        while (true)
        {
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = $"SELECT pg_try_advisory_lock({AdvisoryLockKey})";
                if (await cmd.ExecuteScalarAsync(ct) is true) return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>
    /// An applied script must be the one that ran: a changed one stops the start (its change would never reach the
    /// databases that applied it). Rows from before checksums were kept get theirs now, from the script as it is.
    /// </summary>
    private static async Task VerifyAppliedAsync(DbConnection connection, IReadOnlyList<MigrationScript> scripts, CancellationToken ct)
    {
        var applied = await ReadAppliedAsync(connection, null, ct);
        foreach (var script in scripts)
        {
            if (!applied.TryGetValue(script.Id, out var recorded)) continue;
            if (recorded is null)
            {
                await using var update = connection.CreateCommand();
                update.CommandText = $"UPDATE {HistoryTable} SET checksum = @sum WHERE id = @id AND checksum IS NULL";
                AddParameter(update, "@sum", script.Checksum);
                AddParameter(update, "@id", script.Id);
                await update.ExecuteNonQueryAsync(ct);
            }
            else if (!string.Equals(recorded, script.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Schema migration {script.Id} ({script.Module}) was changed after this database applied it: its SHA-256 is {script.Checksum}, " +
                    $"the database recorded {recorded}. Restore the script as it was applied and put the change in a new script.");
            }
        }
    }

    private async Task ApplyAsync(DbConnection connection, MigrationScript script, CancellationToken ct)
    {
        await using var tx = Provider == DatabaseProvider.Sqlite
            ? await BeginImmediateAsync(connection, ct)
            : await connection.BeginTransactionAsync(ct);
        var applied = await ReadAppliedAsync(connection, tx, ct);
        if (applied.ContainsKey(script.Id))
        {
            await tx.RollbackAsync(ct);
            return;
        }
        logger.LogInformation("Applying schema migration {Migration}", script.Id);
        await ExecAsync(connection, tx, script.Sql, ct);
        await RecordAsync(connection, tx, script, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// PostgreSQL only, under the advisory lock: CREATE INDEX CONCURRENTLY cannot run inside a transaction. Each
    /// statement must be idempotent (IF NOT EXISTS), since a failure leaves the earlier ones done; an index that a failed
    /// concurrent build left INVALID is dropped first, so that IF NOT EXISTS builds it again instead of keeping it.
    /// </summary>
    private async Task ApplyOutsideTransactionAsync(DbConnection connection, MigrationScript script, CancellationToken ct)
    {
        if ((await ReadAppliedAsync(connection, null, ct)).ContainsKey(script.Id)) return;
        logger.LogInformation("Applying schema migration {Migration} outside a transaction", script.Id);
        foreach (var statement in Statements(script.Sql))
        {
            if (IndexName().Match(statement) is { Success: true } index)
            {
                await using var invalid = connection.CreateCommand();
                invalid.CommandText = "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = @name AND NOT i.indisvalid";
                AddParameter(invalid, "@name", index.Groups["name"].Value);
                if (Convert.ToInt64(await invalid.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0)
                {
                    logger.LogWarning("Rebuilding index {Index}, left invalid by an interrupted concurrent build", index.Groups["name"].Value);
                    await ExecAsync(connection, null, $"DROP INDEX CONCURRENTLY IF EXISTS \"{index.Groups["name"].Value}\"", ct);
                }
            }
            // A concurrent build on a large table may take longer than any fixed limit (0: none); the advisory lock holds other nodes.
            await ExecAsync(connection, null, statement, ct, timeoutSeconds: 0);
        }
        await RecordAsync(connection, null, script, ct);
    }

    /// <summary>The statements of a no-transaction script: split where a line ends with ';' (no function bodies there).</summary>
    internal static IEnumerable<string> Statements(string sql)
    {
        var current = new StringBuilder();
        foreach (var line in sql.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("--", StringComparison.Ordinal)) continue;
            current.AppendLine(line);
            if (line.TrimEnd().EndsWith(';'))
            {
                yield return current.ToString().Trim();
                current.Clear();
            }
        }
        if (!string.IsNullOrWhiteSpace(current.ToString())) yield return current.ToString().Trim();
    }

    [GeneratedRegex("""^CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+IF\s+NOT\s+EXISTS\s+"(?<name>[^"]+)"\s""", RegexOptions.IgnoreCase)]
    private static partial Regex IndexName();

    private static async Task RecordAsync(DbConnection connection, DbTransaction? tx, MigrationScript script, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO {HistoryTable} (id, applied_at, checksum) VALUES (@id, @at, @sum)";
        AddParameter(insert, "@id", script.Id);
        AddParameter(insert, "@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        AddParameter(insert, "@sum", script.Checksum);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static ValueTask<DbTransaction> BeginImmediateAsync(DbConnection connection, CancellationToken ct)
    {
        // Microsoft.Data.Sqlite starts deferred transactions; a deferred one would let two processes read "not applied" at once.
        var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
        return ValueTask.FromResult<DbTransaction>(sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false));
    }

    /// <summary>Creates the history table; one from before checksums were kept gets the column (null until verified).</summary>
    private async Task EnsureHistoryTableAsync(DbConnection connection, CancellationToken ct)
    {
        await ExecAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (id varchar(150) NOT NULL PRIMARY KEY, applied_at varchar(40) NOT NULL, checksum varchar(64) NULL)", ct);
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            await ExecAsync(connection, null, $"ALTER TABLE {HistoryTable} ADD COLUMN IF NOT EXISTS checksum varchar(64) NULL", ct);
            return;
        }
        // SQLite has no ADD COLUMN IF NOT EXISTS; the caller holds no lock here, so a node that loses the race finds it added.
        await using var has = connection.CreateCommand();
        has.CommandText = $"SELECT count(*) FROM pragma_table_info('{HistoryTable}') WHERE name = 'checksum'";
        if (Convert.ToInt64(await has.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0) return;
        await using var tx = await BeginImmediateAsync(connection, ct);
        await using (var again = connection.CreateCommand())
        {
            again.Transaction = tx;
            again.CommandText = $"SELECT count(*) FROM pragma_table_info('{HistoryTable}') WHERE name = 'checksum'";
            if (Convert.ToInt64(await again.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
                await ExecAsync(connection, tx, $"ALTER TABLE {HistoryTable} ADD COLUMN checksum varchar(64) NULL", ct);
        }
        await tx.CommitAsync(ct);
    }

    private static async Task<Dictionary<string, string?>> ReadAppliedAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT id, checksum FROM {HistoryTable}";
        var applied = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return applied;
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, int timeoutSeconds = 300)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
#pragma warning disable CA2100 // The SQL comes from embedded migration scripts and constants, never from input.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.CommandTimeout = timeoutSeconds;
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

/// <summary>One migration script: its id is its file name ("0002_requests"), the same whichever module holds it.</summary>
internal sealed record MigrationScript(string Id, string Module, string Sql)
{
    /// <summary>The four digits that order the scripts of all modules.</summary>
    public string Number => Id.Split('_')[0];

    /// <summary>SHA-256 of the script with its line endings made \n, so that a checkout with CRLF is the same script.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    public bool NoTransaction => Sql.TrimStart().StartsWith(SchemaMigrator.NoTransactionMarker, StringComparison.Ordinal);
}
