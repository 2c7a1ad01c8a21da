using Microsoft.AspNetCore.Identity;

namespace Wasl.Web.Platform.Identity;

/// <summary>Whether an account belongs to ministry staff or to a beneficiary (parent, student, citizen).</summary>
internal enum AccountKind
{
    Beneficiary = 0,
    Staff = 1,
}

/// <summary>How dates are shown to a person: stored dates are always UTC and Gregorian.</summary>
internal enum CalendarPreference
{
    Gregorian = 0,
    UmAlQura = 1,
    SolarHijri = 2,
}

/// <summary>
/// One account table for staff and beneficiaries: the kind decides the entry point that accepts it.
/// PhoneNumber holds the normalized mobile number (ASCII digits, +country code) so sign-in by mobile is an index lookup.
/// </summary>
internal sealed class WaslUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = "";
    public AccountKind Kind { get; set; }
    public string? NationalId { get; set; }

    /// <summary>For staff: the unit the account belongs to; administrators of that unit's ancestors manage it.</summary>
    public int? HomeUnitId { get; set; }
    public string? PreferredLanguage { get; set; }
    public CalendarPreference PreferredCalendar { get; set; }

    /// <summary>Non-critical notices (warnings, replies, resolutions) also by e-mail; critical ones always go.</summary>
    public bool EmailNotices { get; set; } = true;

    /// <summary>Non-critical notices also by SMS.</summary>
    public bool SmsNotices { get; set; } = true;

    /// <summary>Demo accounts carry published passwords: they are refused outside Development.</summary>
    public bool IsDemo { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The last authenticator time step (Unix seconds / 30) accepted: that code and older ones are refused.</summary>
    public long? LastTotpTimeStep { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
