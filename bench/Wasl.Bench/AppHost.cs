using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;

namespace Wasl.Bench;

/// <summary>
/// The application's own services (Production, PostgreSQL) without its web server: the bench migrates with the app's
/// migrator and runs the app's page handlers, so the SQL it measures is the SQL the app sends.
/// </summary>
internal static class AppHost
{
    public static async Task<WebApplication> BuildAsync(string connectionString, CommandCapture? capture = null, IInterceptor? extra = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Wasl"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            // Outside Development Wasl needs a host list (or a public URL) for the links it builds.
            ["AllowedHosts"] = "localhost",
            // The bench drives the sweeper and the dispatcher itself.
            ["Deadlines:SweeperEnabled"] = "false",
            ["Notifications:Dispatcher:Enabled"] = "false",
        });
        builder.AddPlatform();
        builder.AddRequests();
        if (capture is not null)
            builder.Services.ConfigureDbContext<WaslDbContext>(o => o.AddInterceptors(capture));
        if (extra is not null)
            builder.Services.ConfigureDbContext<WaslDbContext>(o => o.AddInterceptors(extra));
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        return app;
    }
}

/// <summary>One SQL command as EF sent it: text and parameters, to replay and to EXPLAIN.</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<Npgsql.NpgsqlParameter> Parameters)
{
    /// <summary>A new command on <paramref name="connection"/> with copies of the parameters (a parameter belongs to one command).</summary>
    public Npgsql.NpgsqlCommand CreateCommand(Npgsql.NpgsqlConnection connection, string prefix = "")
    {
#pragma warning disable CA2100 // The SQL is what EF generated for the app, captured in this process.
        var cmd = new Npgsql.NpgsqlCommand(prefix + Sql, connection);
#pragma warning restore CA2100
        foreach (var p in Parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }
}

/// <summary>
/// Records the commands executed while <see cref="Start"/> is active in the current async flow: EF's through its
/// interceptor (text and parameters), and commands the app sends on the context's connection without EF (ADO.NET, e.g.
/// IndicatorQuery) through Npgsql's own activities (text only: those carry no parameters).
/// </summary>
internal sealed class CommandCapture : DbCommandInterceptor, IDisposable
{
    private sealed class State
    {
        public List<CapturedCommand> Commands { get; } = [];

        /// <summary>The SQL of the EF command about to run, so its Npgsql activity is not recorded twice.</summary>
        public string? EfPending { get; set; }
    }

    private readonly AsyncLocal<State?> _current = new();
    private readonly ActivityListener _listener;

    public CommandCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // Npgsql sets the statement's tags after starting its activity: read them when it stops (in the command's flow).
            ActivityStopped = OnNpgsqlCommand,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public List<CapturedCommand> Start() => (_current.Value = new State()).Commands;

    public void Stop() => _current.Value = null;

    public void Dispose() => _listener.Dispose();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (_current.Value is not { } state) return;
        var parameters = command.Parameters.Cast<Npgsql.NpgsqlParameter>().Select(p => p.Clone()).ToList();
        state.Commands.Add(new CapturedCommand(command.CommandText, parameters));
        state.EfPending = command.CommandText;
    }

    private void OnNpgsqlCommand(Activity activity)
    {
        if (_current.Value is not { } state) return;
        if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is not string sql) return;
        if (state.EfPending == sql)
        {
            state.EfPending = null;
            return;
        }
        state.Commands.Add(new CapturedCommand(sql, []));
    }
}
