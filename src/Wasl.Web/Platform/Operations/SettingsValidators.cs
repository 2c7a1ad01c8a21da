using System.Net.Mail;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Maps;
using Wasl.Web.Platform.Notifications;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Operations;

// Platform's settings, checked at start (see Settings). Ranges are what a sane deployment uses, wide enough for tests.

internal sealed class DatabaseOptionsValidator() : SettingsValidator<DatabaseOptions>(DatabaseOptions.Section)
{
    protected override void Check(DatabaseOptions o, SettingsCheck check) =>
        check.Rule(Enum.IsDefined(o.Provider), "Provider", "must be Sqlite or PostgreSQL", o.Provider);
}

internal sealed class DeploymentOptionsValidator() : SettingsValidator<DeploymentOptions>(DeploymentOptions.Section)
{
    private static readonly string[] Countries = ["SA", "OM", "IR", "MA"];

    protected override void Check(DeploymentOptions o, SettingsCheck check)
    {
        check.OneOf("Country", o.Country, Countries);
        check.TimeZone("TimeZone", o.TimeZone);
        check.Language("DefaultLanguage", o.DefaultLanguage);
    }
}

/// <summary>Outside Development a public URL or a host list is required: a wildcard host lets a forged Host header into links.</summary>
internal sealed class PublicUrlOptionsValidator(IConfiguration config, IHostEnvironment environment) : SettingsValidator<PublicUrlOptions>(PublicUrlOptions.Section)
{
    protected override void Check(PublicUrlOptions o, SettingsCheck check)
    {
        check.AbsoluteUrl("PublicUrl", o.PublicUrl);
        if (string.IsNullOrWhiteSpace(o.PublicUrl)) check.Rule(PublicLinks.IsSafe(o, config, environment.IsDevelopment()), "PublicUrl",
            "(an absolute http(s) address) or AllowedHosts (not \"*\") is required outside Development: links must not take a forged Host header", o.PublicUrl);
    }
}

internal sealed class BotChallengeOptionsValidator() : SettingsValidator<BotChallengeOptions>(BotChallengeOptions.Section)
{
    protected override void Check(BotChallengeOptions o, SettingsCheck check)
    {
        check.Range("MaxNumber", o.MaxNumber, 1_000, 10_000_000);
        check.Range("ExpiryMinutes", o.ExpiryMinutes, 1, 120);
        if (!string.IsNullOrEmpty(o.Key)) check.Rule(o.Key.Length >= 16, "Key", "must be at least 16 characters (or empty: one is generated)", "(hidden)");
    }
}

internal sealed class SubmissionBudgetOptionsValidator() : SettingsValidator<SubmissionBudgetOptions>(SubmissionBudgetOptions.Section)
{
    protected override void Check(SubmissionBudgetOptions o, SettingsCheck check)
    {
        check.Range("PerAddressPerDay", o.PerAddressPerDay, 1, 1_000_000);
        check.Range("PerMobilePerDay", o.PerMobilePerDay, 1, 1_000_000);
    }
}

internal sealed class MapsOptionsValidator() : SettingsValidator<MapsOptions>(MapsOptions.Section)
{
    protected override void Check(MapsOptions o, SettingsCheck check)
    {
        if (!string.IsNullOrWhiteSpace(o.TileUrl))
        {
            try
            {
                _ = o.TileSource();
                check.Rule(o.TileUrl.Contains("{z}", StringComparison.Ordinal) && o.TileUrl.Contains("{x}", StringComparison.Ordinal) && o.TileUrl.Contains("{y}", StringComparison.Ordinal),
                    "TileUrl", "must be a tile URL template with {z}, {x} and {y}", o.TileUrl);
            }
            catch (InvalidOperationException)
            {
                check.Fail("TileUrl", "must be an http(s) tile URL template whose host a content security policy can name", o.TileUrl);
            }
        }
        check.Range("MaxZoom", o.MaxZoom, 1, 22);
        check.Range("Zoom", o.Zoom, 0, o.MaxZoom is >= 1 and <= 22 ? o.MaxZoom : 22);
        check.Range("CenterLatitude", o.CenterLatitude, -90, 90);
        check.Range("CenterLongitude", o.CenterLongitude, -180, 180);
    }
}

internal sealed class OneTimeCodeOptionsValidator() : SettingsValidator<OneTimeCodeOptions>(OneTimeCodeOptions.Section)
{
    protected override void Check(OneTimeCodeOptions o, SettingsCheck check)
    {
        check.Range("Length", o.Length, 6, 9);
        check.Range("LifetimeMinutes", o.LifetimeMinutes, 1, 60);
        check.Range("MaxTries", o.MaxTries, 1, 10);
        check.Range("WindowMinutes", o.WindowMinutes, 1, 1440);
        check.Range("PerWindow", o.PerWindow, 1, 1000);
        check.Range("PerDay", o.PerDay, Math.Max(1, o.PerWindow), 10_000);
        check.Range("AnswerFloorMilliseconds", o.AnswerFloorMilliseconds, 0, 5000);
    }
}

internal sealed class SignInThrottleOptionsValidator() : SettingsValidator<SignInThrottleOptions>(SignInThrottleOptions.Section)
{
    protected override void Check(SignInThrottleOptions o, SettingsCheck check)
    {
        check.Range("AddressFailures", o.AddressFailures, 1, 10_000);
        check.Range("AccountAddressFailures", o.AccountAddressFailures, 1, 10_000);
        check.Range("BlockMinutes", o.BlockMinutes, 1, 1440);
        check.Range("DelayStepMilliseconds", o.DelayStepMilliseconds, 0, 60_000);
        check.Range("MaxDelayMilliseconds", o.MaxDelayMilliseconds, 0, 60_000);
    }
}

/// <summary>Role names must exist, and administrators always sign in with two factors.</summary>
internal sealed class TwoFactorOptionsValidator() : SettingsValidator<TwoFactorOptions>(TwoFactorOptions.Section)
{
    protected override void Check(TwoFactorOptions o, SettingsCheck check)
    {
        var valid = true;
        foreach (var (key, value) in new[] { ("Roles", o.Roles), ("SubtreeRoles", o.SubtreeRoles) })
            foreach (var role in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!Enum.TryParse<StaffRole>(role, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(role, out _))
                {
                    valid = false;
                    check.Fail(key, $"must list staff roles ({string.Join(", ", Enum.GetNames<StaffRole>())}); '{role}' is not one", value);
                }
        if (valid) check.Rule(o.ParsedRoles.Contains(StaffRole.Administrator), "Roles", "must include Administrator: administrators always sign in with two factors", o.Roles);
    }
}

internal sealed class DeadlineOptionsValidator() : SettingsValidator<DeadlineOptions>(DeadlineOptions.Section)
{
    private const int Year = 366 * 24 * 60;

    protected override void Check(DeadlineOptions o, SettingsCheck check)
    {
        check.Range("SweepSeconds", o.SweepSeconds, 1, 3600);
        check.Range("SweepBatch", o.SweepBatch, 1, 10_000);
        check.Range("WarningPercent", o.WarningPercent, 1, 99);
        foreach (var (name, targets) in new[] { ("Normal", o.Normal), ("Important", o.Important), ("VeryImportant", o.VeryImportant) })
        {
            check.Range($"{name}:ResolutionMinutes", targets.ResolutionMinutes, 1, Year);
            if (targets.FirstResponseMinutes is { } first) check.Range($"{name}:FirstResponseMinutes", first, 1, targets.ResolutionMinutes is >= 1 and <= Year ? targets.ResolutionMinutes : Year);
        }
    }
}

internal sealed class NotificationOptionsValidator() : SettingsValidator<NotificationOptions>(NotificationOptions.Section)
{
    protected override void Check(NotificationOptions o, SettingsCheck check)
    {
        check.AbsoluteUrl("PublicUrl", o.PublicUrl, required: true);
        check.AbsoluteUrl("Sms:Url", o.Sms.Url);
        if (o.Sms.Enabled) check.Required("Sms:ApiKeyHeader", o.Sms.ApiKeyHeader);
        check.Range("Sms:TimeoutSeconds", o.Sms.TimeoutSeconds, 1, 300);
        var d = o.Dispatcher;
        check.Range("Dispatcher:PollSeconds", d.PollSeconds, 1, 3600);
        check.Range("Dispatcher:Batch", d.Batch, 1, 1000);
        check.Range("Dispatcher:MaxAttempts", d.MaxAttempts, 1, 100);
        check.Range("Dispatcher:LeaseSeconds", d.LeaseSeconds, 10, 86_400);
        check.Range("Dispatcher:FirstBackoffSeconds", d.FirstBackoffSeconds, 1, 86_400);
        check.Range("Dispatcher:MaxBackoffSeconds", d.MaxBackoffSeconds, Math.Max(1, d.FirstBackoffSeconds), 7 * 86_400);
        check.Range("Dispatcher:KeepSentDays", d.KeepSentDays, 1, 3650);
    }
}

internal sealed class SmtpOptionsValidator() : SettingsValidator<SmtpOptions>(SmtpOptions.Section)
{
    protected override void Check(SmtpOptions o, SettingsCheck check)
    {
        check.Range("Port", o.Port, 1, 65_535);
        check.Range("TimeoutSeconds", o.TimeoutSeconds, 1, 600);
        if (!string.IsNullOrWhiteSpace(o.Host)) check.Required("From", o.From);
        if (!string.IsNullOrWhiteSpace(o.From)) check.Rule(MailAddress.TryCreate(o.From, out _), "From", "must be an e-mail address", o.From);
        check.Rule(o.Port != 465, "Port", "cannot be 465 (implicit TLS is not supported): use 587 with EnableSsl", o.Port);
    }
}

internal sealed partial class FilesOptionsValidator() : SettingsValidator<FilesOptions>(FilesOptions.Section)
{
    protected override void Check(FilesOptions o, SettingsCheck check)
    {
        check.Range("MaxFileBytes", o.MaxFileBytes, 1024, 1L << 30);
        check.Range("MaxFilesPerSubmission", o.MaxFilesPerSubmission, 1, 50);
        check.Range("MaxFilesPerRequest", o.MaxFilesPerRequest, Math.Max(1, o.MaxFilesPerSubmission), 1000);
        if (o.Store == FileStoreKind.S3)
        {
            check.AbsoluteUrl("S3:ServiceUrl", o.S3.ServiceUrl, required: true);
            // S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
            check.Matches("S3:Bucket", o.S3.Bucket, BucketName(), "must be a bucket name (3 to 63 lower-case letters, digits, dots or hyphens) when Files:Store is S3");
            check.Required("S3:AccessKey", o.S3.AccessKey);
            check.Required("S3:SecretKey", o.S3.SecretKey);
            check.Required("S3:Region", o.S3.Region);
            check.Range("S3:TimeoutSeconds", o.S3.TimeoutSeconds, 1, 600);
        }
        if (o.Scanner == FileScannerKind.Clamd)
        {
            check.Required("Clamd:Host", o.Clamd.Host);
            check.Range("Clamd:Port", o.Clamd.Port, 1, 65535);
            check.Range("Clamd:TimeoutSeconds", o.Clamd.TimeoutSeconds, 1, 600);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial System.Text.RegularExpressions.Regex BucketName();
}
