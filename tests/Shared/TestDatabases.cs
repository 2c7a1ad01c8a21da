using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Wasl.Web.Platform.Data;

namespace Wasl.Tests;

/// <summary>
/// Where tests get their databases. SQLite: a new file. PostgreSQL: a new database on WASL_TEST_POSTGRES (an admin
/// connection string) or, by default, on a throwaway cluster this process starts with initdb/pg_ctl (as the
/// postgres user when running as root) and stops when it exits.
/// </summary>
public static class TestDatabases
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? PostgresUnavailableReason()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WASL_TEST_POSTGRES"))) return null;
        return FindPgBin("initdb") is null
            ? "PostgreSQL is not installed (no initdb found) and WASL_TEST_POSTGRES is not set: PostgreSQL tests skipped. Under CI=true they fail instead."
            : null;
    }

    /// <summary>Call first in a PostgreSQL test: skips locally when PostgreSQL is missing, never under CI.</summary>
    public static void RequirePostgres()
    {
        var reason = PostgresUnavailableReason();
        Skip.If(reason is not null && !IsCi, reason);
    }

    public static async Task<string> CreateAsync(DatabaseProvider provider, string name)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "wasl-tests");
            Directory.CreateDirectory(dir);
            return $"Data Source={Path.Combine(dir, $"{name}-{Guid.NewGuid():N}.db")};Pooling=False";
        }
        RequirePostgres();
        var admin = await Cluster.Value;
        var db = $"{name.ToLowerInvariant()}_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{db}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = db }.ConnectionString;
    }

    private static readonly Lazy<Task<string>> Cluster = new(StartClusterAsync);

    private static async Task<string> StartClusterAsync()
    {
        var given = Environment.GetEnvironmentVariable("WASL_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(given)) return given;
        var initdb = FindPgBin("initdb") ?? throw new InvalidOperationException(PostgresUnavailableReason());
        var pgCtl = FindPgBin("pg_ctl") ?? throw new InvalidOperationException("pg_ctl not found");
        var dir = Path.Combine(Path.GetTempPath(), $"wasl-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", $"postgres:postgres {dir}", asRoot: false);
        var data = Path.Combine(dir, "data");
        await RunAsync(initdb, $"-D {data} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync", asRoot);
        var port = FreePort();
        await RunAsync(pgCtl, $"-D {data} -l {Path.Combine(dir, "log")} -w -t 60 -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(pgCtl, $"-D {data} -m immediate stop", asRoot).GetAwaiter().GetResult();
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The temporary cluster is best-effort cleanup; the OS temp directory is cleared anyway.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=True;Maximum Pool Size=50";
    }

    private static string? FindPgBin(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        if (Directory.Exists("/usr/lib/postgresql"))
            foreach (var version in Directory.GetDirectories("/usr/lib/postgresql").OrderDescending())
                if (File.Exists(Path.Combine(version, "bin", name))) return Path.Combine(version, "bin", name);
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string args, bool asRoot)
    {
        var psi = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}")
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {await stdout} {await stderr}");
    }
}
