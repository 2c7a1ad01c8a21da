using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json;

namespace Wasl.Web.Platform.Audit;

/// <summary>
/// What a module says about an action; who did it and from where come from the request unless given (a failed
/// sign-in names the account tried). <paramref name="Details"/> is serialized to small JSON: names and codes only.
/// </summary>
internal sealed record AuditRecord(string Action, string? Subject = null, string? SubjectId = null, int? UnitId = null, object? Details = null)
{
    public Guid? ActorId { get; init; }
    public string? ActorName { get; init; }
    public string? ActorPosition { get; init; }
    public string? OnBehalfOf { get; init; }

    /// <summary>When the subject is inserted in the same save (its key not known yet): reads its key once it is.</summary>
    public Func<string?>? SubjectIdAfterInsert { get; init; }
}

/// <summary>The action codes Platform writes; modules write their own ("Request.Forwarded", …).</summary>
internal static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in.failed";
    public const string SignInLockedOut = "sign-in.locked-out";
    public const string SignInRefused = "sign-in.refused";
    public const string SignInPasswordAccepted = "sign-in.password-accepted";
    public const string SignInMobileUnconfirmed = "sign-in.mobile-unconfirmed";
    public const string TwoFactorFailed = "sign-in.two-factor-failed";
    public const string ConfidentialRead = "read.confidential";
    public const string PersonalDataLookup = "read.personal-data";
    public const string Export = "export";
    public const string Print = "print";
    public const string AuditExport = "export.audit";

    /// <summary>"admin.{Subject}.added|changed|removed": the administration changes the interceptor records.</summary>
    public static string Administration(string subject, string change) => "admin." + subject + "." + change;
}

internal static class AuditEntries
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AuditEntry Create(AuditRecord r, HttpContext? http, DateTimeOffset now)
    {
        var user = http?.User;
        Guid? current = Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        var signedIn = user?.Identity?.IsAuthenticated == true;
        var actorId = r.ActorId ?? current;
        // The name as it is now, from the sign-in (the full name): later renames do not change history.
        var name = r.ActorName ?? (signedIn && (r.ActorId is null || r.ActorId == current) ? user!.Identity!.Name : null);
        var details = r.Details is null ? null : JsonSerializer.Serialize(r.Details, Json);
        if (details is { Length: > 2000 }) details = "{\"truncated\":true}";
        return new AuditEntry
        {
            // Whole microseconds, what PostgreSQL keeps: the hash of what was written is the hash of what is read back.
            At = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero),
            Action = Cut(r.Action, 64)!,
            ActorId = actorId,
            ActorName = Cut(name, 200),
            ActorPosition = Cut(r.ActorPosition, 200),
            OnBehalfOf = Cut(r.OnBehalfOf, 200),
            Subject = Cut(r.Subject, 64),
            SubjectId = Cut(r.SubjectId, 64),
            UnitId = r.UnitId,
            RemoteAddress = Address(http?.Connection.RemoteIpAddress),
            Details = details,
        };
    }

    public static string? Address(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    public static string Key(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
