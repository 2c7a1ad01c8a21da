using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Audit;

/// <summary>
/// Explicit audit calls: sign-ins, exports and prints, reads of confidential items and of personal data. Changes saved
/// through EF are recorded by <see cref="AuditInterceptor"/> instead, in their own transaction.
/// </summary>
internal sealed class AuditLog(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock, IOptionsMonitor<AuditOptions> options)
{
    public bool Enabled => options.CurrentValue.Enabled;

    /// <summary>
    /// Writes the record now, in its own unit of work, so that nothing else the caller has pending is saved with it
    /// (a read or a refused sign-in changes nothing else).
    /// </summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!Enabled) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        Add(db, record);
        await db.SaveChangesAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Adds the record to <paramref name="db"/>'s unit of work: it is saved with the change, or not at all.</summary>
    public void Add(WaslDbContext db, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(record);
        if (!Enabled) return;
        var entry = AuditEntries.Create(record, http.HttpContext, clock.GetUtcNow());
        db.Add(new AuditPending { Entry = entry });
    }

    /// <summary>
    /// A staff member read an item marked confidential (correspondence, issue 14, calls this when it shows one). The
    /// owning module decides what is confidential and calls this once per read.
    /// </summary>
    public Task ConfidentialReadAsync(string subject, string subjectId, int? unitId, CancellationToken ct) =>
        WriteAsync(new AuditRecord(AuditActions.ConfidentialRead, subject, subjectId, unitId), ct);

    /// <summary>
    /// A staff member looked a person up by personal data: the subject is "Person" and its id the national ID (else the
    /// mobile) looked for, so that "who looked this person up" is one indexed filter; the page and how many were shown go along.
    /// </summary>
    public Task PersonalDataLookupAsync(string page, string? nationalId, string? mobile, int found, CancellationToken ct) =>
        WriteAsync(new AuditRecord(AuditActions.PersonalDataLookup, "Person", nationalId ?? mobile, null,
            new { page, by = nationalId is not null ? "national-id" : "mobile", mobile = nationalId is not null ? mobile : null, found }), ct);
}
