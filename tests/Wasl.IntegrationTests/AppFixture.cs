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
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in await StartServicesAsync()) all[key] = value;
        _app = new WaslAppFactory(provider, connection, settings: all, testServices: services);
        _ = _app.Server;
    }

    /// <summary>Starts what the application talks to beyond its database (an S3 server, a scanner) and returns the settings that point to it.</summary>
    protected virtual Task<IDictionary<string, string?>> StartServicesAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    protected virtual ValueTask StopServicesAsync() => ValueTask.CompletedTask;

    /// <summary>The keys of every stored file: the names of the files under the disk store's folder (temporary ones included).</summary>
    public virtual Task<IReadOnlyList<string>> StoredKeysAsync() => Task.FromResult<IReadOnlyList<string>>(
        Directory.Exists(App.FilesRoot) ? [.. Directory.GetFiles(App.FilesRoot, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f))] : []);

    /// <summary>First line of every test: skips (locally only) when the provider is not installed.</summary>
    public void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await StopServicesAsync();
    }
}

public sealed class SqliteAppFixture() : AppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(DatabaseProvider.PostgreSQL);

/// <summary>The application on PostgreSQL with its files in a real S3 server (s3rver) instead of the disk store.</summary>
public sealed class PostgresS3AppFixture() : AppFixture(DatabaseProvider.PostgreSQL)
{
    private S3Server? _s3;

    public S3Server S3 => _s3 ?? throw new InvalidOperationException("The S3 server did not start");

    protected override async Task<IDictionary<string, string?>> StartServicesAsync()
    {
        _s3 = await S3Server.StartAsync();
        return _s3.Settings();
    }

    protected override async ValueTask StopServicesAsync()
    {
        if (_s3 is not null) await _s3.DisposeAsync();
    }

    /// <summary>The keys in the bucket, asked over the S3 API.</summary>
    public override Task<IReadOnlyList<string>> StoredKeysAsync() => S3.KeysAsync();
}
