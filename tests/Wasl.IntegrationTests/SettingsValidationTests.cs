using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;

namespace Wasl.Tests;

/// <summary>
/// Settings are checked at start, each rule naming its setting by its configuration path (Platform/Operations/Settings.cs).
/// The rows build the services through the real registration (AddPlatform, AddRequests) over the real appsettings.json
/// and run the host's start-up validation, without starting a web host per row; one test starts the real host.
/// </summary>
public sealed class SettingsValidationTests
{
    private static readonly string ContentRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Wasl.Web"));

    /// <summary>What the host's start-up validation reports for appsettings.json plus <paramref name="settings"/> ("a=1;b=2").</summary>
    private static async Task<IReadOnlyList<string>> ProblemsAsync(string settings, string environment = "Development")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = ContentRoot, ApplicationName = typeof(Program).Assembly.GetName().Name });
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Wasl"] = "Data Source=:memory:" };
        foreach (var pair in settings.Split(';', StringSplitOptions.RemoveEmptyEntries))
            values[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddPlatform();
        builder.AddRequests();
        await using var app = builder.Build();
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e)
        {
            return [.. e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(x => x.Failures)];
        }
    }

    [Fact]
    public async Task The_shipped_configuration_starts()
    {
        Assert.Empty(await ProblemsAsync(""));
        Assert.Empty(await ProblemsAsync("AllowedHosts=wasl.example.gov", "Production"));
    }

    [Fact]
    public async Task The_message_names_the_setting_the_rule_and_the_value() =>
        Assert.Equal("Deadlines:SweepSeconds must be between 1 and 3600; it is 0.", Assert.Single(await ProblemsAsync("Deadlines:SweepSeconds=0")));

    [Theory]
    [InlineData("Database:Provider=7", "Database:Provider")]
    [InlineData("Deployment:Country=XX", "Deployment:Country")]
    [InlineData("Deployment:TimeZone=Mars/Olympus_Mons", "Deployment:TimeZone")]
    [InlineData("Deployment:DefaultLanguage=de", "Deployment:DefaultLanguage")]
    [InlineData("Deployment:PublicUrl=/relative", "Deployment:PublicUrl")]
    [InlineData("Deployment:PublicUrl=ftp://wasl.example.gov", "Deployment:PublicUrl")]
    [InlineData("BotChallenge:MaxNumber=0", "BotChallenge:MaxNumber")]
    [InlineData("BotChallenge:ExpiryMinutes=0", "BotChallenge:ExpiryMinutes")]
    [InlineData("BotChallenge:Key=short", "BotChallenge:Key")]
    [InlineData("SubmissionBudget:PerAddressPerDay=0", "SubmissionBudget:PerAddressPerDay")]
    [InlineData("SubmissionBudget:PerMobilePerDay=0", "SubmissionBudget:PerMobilePerDay")]
    [InlineData("Maps:TileUrl=ftp://tiles.example.org/{z}/{x}/{y}.png", "Maps:TileUrl")]
    [InlineData("Maps:TileUrl=https://tiles.example.org/tile.png", "Maps:TileUrl")]
    [InlineData("Maps:MaxZoom=0", "Maps:MaxZoom")]
    [InlineData("Maps:Zoom=25", "Maps:Zoom")]
    [InlineData("Maps:CenterLatitude=95", "Maps:CenterLatitude")]
    [InlineData("Maps:CenterLongitude=-200", "Maps:CenterLongitude")]
    [InlineData("Identity:Codes:Length=4", "Identity:Codes:Length")]
    [InlineData("Identity:Codes:LifetimeMinutes=0", "Identity:Codes:LifetimeMinutes")]
    [InlineData("Identity:Codes:MaxTries=0", "Identity:Codes:MaxTries")]
    [InlineData("Identity:Codes:WindowMinutes=0", "Identity:Codes:WindowMinutes")]
    [InlineData("Identity:Codes:PerWindow=0", "Identity:Codes:PerWindow")]
    [InlineData("Identity:Codes:PerDay=2", "Identity:Codes:PerDay")]
    [InlineData("Identity:Codes:AnswerFloorMilliseconds=9000", "Identity:Codes:AnswerFloorMilliseconds")]
    [InlineData("Identity:Throttle:AddressFailures=0", "Identity:Throttle:AddressFailures")]
    [InlineData("Identity:Throttle:AccountAddressFailures=0", "Identity:Throttle:AccountAddressFailures")]
    [InlineData("Identity:Throttle:BlockMinutes=0", "Identity:Throttle:BlockMinutes")]
    [InlineData("Identity:Throttle:DelayStepMilliseconds=-1", "Identity:Throttle:DelayStepMilliseconds")]
    [InlineData("Identity:Throttle:MaxDelayMilliseconds=70000", "Identity:Throttle:MaxDelayMilliseconds")]
    [InlineData("Identity:TwoFactor:Roles=Administrator,Nobody", "Identity:TwoFactor:Roles")]
    [InlineData("Identity:TwoFactor:Roles=Supervisor", "Identity:TwoFactor:Roles")]
    [InlineData("Identity:TwoFactor:SubtreeRoles=Boss", "Identity:TwoFactor:SubtreeRoles")]
    [InlineData("Deadlines:SweepBatch=0", "Deadlines:SweepBatch")]
    [InlineData("Deadlines:WarningPercent=100", "Deadlines:WarningPercent")]
    [InlineData("Deadlines:Normal:ResolutionMinutes=0", "Deadlines:Normal:ResolutionMinutes")]
    [InlineData("Deadlines:Important:FirstResponseMinutes=0", "Deadlines:Important:FirstResponseMinutes")]
    [InlineData("Deadlines:VeryImportant:FirstResponseMinutes=9999", "Deadlines:VeryImportant:FirstResponseMinutes")]
    [InlineData("Notifications:PublicUrl=wasl.example.gov", "Notifications:PublicUrl")]
    [InlineData("Notifications:Sms:Url=ftp://sms.example", "Notifications:Sms:Url")]
    [InlineData("Notifications:Sms:TimeoutSeconds=0", "Notifications:Sms:TimeoutSeconds")]
    [InlineData("Notifications:Sms:Url=https://sms.example/send;Notifications:Sms:ApiKeyHeader=", "Notifications:Sms:ApiKeyHeader")]
    [InlineData("Notifications:Dispatcher:PollSeconds=0", "Notifications:Dispatcher:PollSeconds")]
    [InlineData("Notifications:Dispatcher:Batch=0", "Notifications:Dispatcher:Batch")]
    [InlineData("Notifications:Dispatcher:MaxAttempts=0", "Notifications:Dispatcher:MaxAttempts")]
    [InlineData("Notifications:Dispatcher:LeaseSeconds=1", "Notifications:Dispatcher:LeaseSeconds")]
    [InlineData("Notifications:Dispatcher:FirstBackoffSeconds=0", "Notifications:Dispatcher:FirstBackoffSeconds")]
    [InlineData("Notifications:Dispatcher:MaxBackoffSeconds=10", "Notifications:Dispatcher:MaxBackoffSeconds")]
    [InlineData("Notifications:Dispatcher:KeepSentDays=0", "Notifications:Dispatcher:KeepSentDays")]
    [InlineData("Notifications:Smtp:Port=0", "Notifications:Smtp:Port")]
    [InlineData("Notifications:Smtp:Port=465", "Notifications:Smtp:Port")]
    [InlineData("Notifications:Smtp:TimeoutSeconds=0", "Notifications:Smtp:TimeoutSeconds")]
    [InlineData("Notifications:Smtp:Host=smtp.example;Notifications:Smtp:From=", "Notifications:Smtp:From")]
    [InlineData("Notifications:Smtp:From=not an address", "Notifications:Smtp:From")]
    [InlineData("Files:MaxFileBytes=0", "Files:MaxFileBytes")]
    [InlineData("Files:MaxFilesPerSubmission=0", "Files:MaxFilesPerSubmission")]
    [InlineData("Files:MaxFilesPerRequest=2", "Files:MaxFilesPerRequest")]
    [InlineData("Requests:NumberPrefix=W1", "Requests:NumberPrefix")]
    [InlineData("Requests:NumberPrefix=وصل", "Requests:NumberPrefix")]
    [InlineData("Requests:NumberPrefix=WASLWASL", "Requests:NumberPrefix")]
    [InlineData("Requests:GuestSecretPepper=short", "Requests:GuestSecretPepper")]
    [InlineData("Requests:ObjectionWindowDays=0", "Requests:ObjectionWindowDays")]
    [InlineData("Requests:SearchRareCap=0", "Requests:SearchRareCap")]
    [InlineData("Indicators:FoldSeconds=0", "Indicators:FoldSeconds")]
    [InlineData("Indicators:FoldBatch=0", "Indicators:FoldBatch")]
    public async Task A_bad_value_stops_the_start_naming_its_setting(string settings, string path)
    {
        var problems = await ProblemsAsync(settings);
        var problem = Assert.Single(problems);
        Assert.StartsWith(path + " ", problem, StringComparison.Ordinal);
        Assert.Contains("; it is ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_links_need_a_public_url_or_a_host_list()
    {
        var problem = Assert.Single(await ProblemsAsync("", "Production"));
        Assert.StartsWith("Deployment:PublicUrl ", problem, StringComparison.Ordinal);
        Assert.Empty(await ProblemsAsync("Deployment:PublicUrl=https://wasl.example.gov", "Production"));
    }

    [Fact]
    public async Task A_bad_setting_stops_the_real_host_before_it_touches_the_database()
    {
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "settings");
        await using var app = new WaslAppFactory(DatabaseProvider.Sqlite, connection, settings: new Dictionary<string, string?> { ["Notifications:Dispatcher:PollSeconds"] = "0" });
        var e = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("Notifications:Dispatcher:PollSeconds must be between 1 and 3600; it is 0.", e.ToString(), StringComparison.Ordinal);
        await using var db = SchemaTools.CreateContext(DatabaseProvider.Sqlite, connection);
        Assert.Empty(await new SchemaMigrator(db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).AppliedAsync(CancellationToken.None));
    }
}
