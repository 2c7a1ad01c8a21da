using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wasl.Web.Platform.Data;

namespace Wasl.Tests;

/// <summary>
/// The real application on Kestrel (a real port on 127.0.0.1) and Debian's Chromium driven by Playwright.
/// Without Chromium a local run skips with a message; under CI=true it fails.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private WaslAppFactory? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>The running application's services, for a test to read what a step stored.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>The running application's clock (real time unless a test freezes or moves it).</summary>
    public TestClock Clock => App.Clock;

    /// <summary>The running application (its clock, its deployment zone and what it calls today).</summary>
    public WaslAppFactory App => _app ?? throw new InvalidOperationException("The application did not start");
    public static string Screenshots { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../artifacts/screenshots"));

    public static string? UnavailableReason() =>
        File.Exists(ChromiumPath) ? null : $"Chromium is not installed at {ChromiumPath} (apt-get install chromium): browser tests skipped. Under CI=true they fail instead.";

    public void Require()
    {
        var reason = UnavailableReason();
        Skip.If(reason is not null && !TestDatabases.IsCi, reason);
    }

    public async Task InitializeAsync()
    {
        if (UnavailableReason() is not null && !TestDatabases.IsCi) return;
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "browser");
        _app = new WaslAppFactory(DatabaseProvider.Sqlite, connection, settings: new Dictionary<string, string?> { ["BotChallenge:MaxNumber"] = "20000" });
        _app.UseKestrel(0);
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // The suites run side by side on two cores (CI's size): give a loaded machine time before calling a step failed.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
