using Wasl.Web.Platform.Data;

namespace Wasl.Tests;

/// <summary>
/// One running application with demo data on a fresh database of the given provider, shared by a test class;
/// <paramref name="settings"/> are extra configuration (e.g. an SMS gateway and SMTP so notices reach the outbox);
/// <paramref name="services"/> adds test-only services.
/// </summary>
public abstract class AppFixture(DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : IAsyncLifetime
{
    private WaslAppFactory? _app;

    public DatabaseProvider Provider => provider;

    public WaslAppFactory App => _app ?? throw new InvalidOperationException("The application did not start");

    /// <summary>Base32 key of the demo administrator once a test has turned two-factor on for it.</summary>
    public string? AdminAuthenticatorKey { get; set; }

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSQL && TestDatabases.PostgresUnavailableReason() is not null && !TestDatabases.IsCi) return;
        var connection = await TestDatabases.CreateAsync(provider, "flows");
        _app = new WaslAppFactory(provider, connection, settings: settings, testServices: services);
        _ = _app.Server;
    }

    /// <summary>First line of every test: skips (locally only) when the provider is not installed.</summary>
    public void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class SqliteAppFixture() : AppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(DatabaseProvider.PostgreSQL);
