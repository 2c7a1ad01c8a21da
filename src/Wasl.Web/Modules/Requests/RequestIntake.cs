using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Maps;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.References;
using Wasl.Web.Platform.Security;
using Wasl.Web.Platform.Tracking;

namespace Wasl.Web.Modules.Requests;

/// <summary>What any channel (portal, call center, API) hands over to create a request. The channel has already checked that a chosen unit is active.</summary>
internal sealed record SubmitRequest(
    RequestType Type,
    int? CategoryId,
    int? ChosenUnitId,
    string Subject,
    string Description,
    Guid? RequesterId,
    string RequesterName,
    string? RequesterNationalId,
    string? RequesterMobile,
    string? RequesterEmail,
    RequesterRole RequesterRole,
    IntakeChannel Channel,
    GeoPoint? Location = null)
{
    /// <summary>The API client that filed it, so that client (and no other) may follow it.</summary>
    public int? ApiClientId { get; init; }

    /// <summary>Address, address id, zipcode and media link as an Open311 client sent them (already checked).</summary>
    public string? Address { get; init; }
    public string? AddressId { get; init; }
    public string? Zipcode { get; init; }
    public string? MediaUrl { get; init; }

}

/// <summary>The new request's number, and the guest secret when the requester has no account (shown once, never stored).</summary>
internal sealed record SubmittedRequest(long Id, string Number, string? GuestSecret, int UnitId);

/// <summary>
/// Creates requests: numbers them, routes them, hashes the guest secret, and writes the request with its first
/// timeline events in one transaction, so nothing half-written is ever left behind.
/// </summary>
internal sealed class RequestIntake(WaslDbContext db, UnitAreas areas, IOptions<RequestsOptions> options, PlatformSecrets secrets, TimeProvider clock, DateDisplay dates, RequestActions actions)
{
    public Task<SubmittedRequest> SubmitAsync(SubmitRequest input, CancellationToken ct) => SubmitAsync(input, null, ct);

    /// <summary>Creates the request with its files (already in the store) recorded in the same transaction as the request.</summary>
    public async Task<SubmittedRequest> SubmitAsync(SubmitRequest input, StagedFiles? files, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The number's year is the deployment's: a request filed at 00:30 on 1 January in Riyadh is still 31 December in UTC.
        var year = dates.ToLocal(now).Year;
        var unitId = await RouteAsync(input, ct);
        string? secret = null;
        byte[]? secretHash = null;
        if (input.RequesterId is null)
        {
            secret = GuestSecret.New();
            secretHash = GuestSecret.Hash(secret, await PepperAsync(ct));
        }
        for (var attempt = 1; ; attempt++)
        {
            var request = new Request
            {
                Number = ReferenceNumber.New(options.Value.NumberPrefix, year).ToString(),
                Type = input.Type,
                CategoryId = input.CategoryId,
                Subject = input.Subject.Trim(),
                Description = input.Description.Trim(),
                SearchText = SearchText.IndexForm(input.Subject, input.Description),
                Status = RequestStatus.New,
                Importance = Importance.Normal,
                Channel = input.Channel,
                ApiClientId = input.ApiClientId,
                UnitId = unitId,
                RequesterId = input.RequesterId,
                RequesterName = input.RequesterName.Trim(),
                RequesterNationalId = input.RequesterNationalId,
                RequesterMobile = input.RequesterMobile,
                RequesterEmail = input.RequesterEmail,
                RequesterRole = input.RequesterRole,
                GuestSecretHash = secretHash,
                Latitude = input.Location?.Latitude,
                Longitude = input.Location?.Longitude,
                Address = input.Address,
                AddressId = input.AddressId,
                Zipcode = input.Zipcode,
                MediaUrl = input.MediaUrl,
                CreatedAt = now,
                UpdatedAt = now,
                // The language the requester is using now: their notices come in it.
                Language = WaslCultures.IsSupported(CultureInfo.CurrentUICulture.Name) ? CultureInfo.CurrentUICulture.Name : "ar",
            };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                db.Add(request);
                await db.SaveChangesAsync(ct);
                var submitted = new RequestEvent { Kind = EventKind.Submitted, IsPublic = true, ActorId = input.RequesterId, At = now };
                var routed = new RequestEvent { Kind = EventKind.Routed, IsPublic = true, UnitId = unitId, At = now };
                // The clock starts with the request, and the receipt goes out with it (same transaction).
                await actions.RecordSubmittedAsync(request, [submitted, routed], files, ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new SubmittedRequest(request.Id, request.Number, secret, unitId);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A random number met an existing one (rare): roll back and draw another; any other failure is thrown.
                await tx.RollbackAsync(ct);
                if (!await NumberTakenAsync(request.Number, ct)) throw;
            }
        }
    }

    public async Task<byte[]> PepperAsync(CancellationToken ct) =>
        await secrets.GetAsync("guest-secret-pepper", options.Value.GuestSecretPepper, ct);

    private async Task<bool> NumberTakenAsync(string number, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Set<Request>().AnyAsync(r => r.Number == number, ct);
    }

    /// <summary>
    /// A report with a location: the deepest active unit whose area holds the point. Otherwise (and when no area holds
    /// it) the category's responsible unit, when the category may route there (see <see cref="ResponsibleAsync"/>);
    /// else the unit the requester chose; else the ministry centre (the root).
    /// </summary>
    private async Task<int> RouteAsync(SubmitRequest input, CancellationToken ct)
    {
        if (input.Type == RequestType.Report && input.Location is { } point && await areas.UnitAtAsync(point, ct) is { } byArea)
            return byArea;
        if (input.CategoryId is { } categoryId && await ResponsibleAsync(db, categoryId, input.ChosenUnitId, ct) is { } r)
            return r;
        if (input.ChosenUnitId is { } chosen) return chosen; // every channel has checked that it is an active unit
        return await db.Units.Where(u => u.ParentId == null).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
    }

    /// <summary>
    /// The category's responsible unit, when it may receive this request. A category belongs to a unit and routes only
    /// within that unit's subtree: its responsible unit must lie there, and so must the unit the requester addressed
    /// (when they chose one). Ministry categories (owned by a root) therefore stay national. Otherwise a directorate's
    /// category could pull a complaint addressed to another directorate's school into its own queue; the intake forms
    /// refuse that choice with a message (IntakeChecks), and this keeps the API and older rows from doing it anyway.
    /// </summary>
    internal static async Task<int?> ResponsibleAsync(WaslDbContext db, int categoryId, int? chosenUnitId, CancellationToken ct)
    {
        var category = await db.Set<Category>().AsNoTracking().Where(c => c.Id == categoryId)
            .Select(c => new
            {
                c.ResponsibleUnitId,
                Owner = db.Units.Where(u => u.Id == c.OwnerUnitId).Select(u => u.Path).FirstOrDefault(),
                Responsible = db.Units.Where(u => u.Id == c.ResponsibleUnitId).Select(u => u.Path).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (category is not { ResponsibleUnitId: { } responsible, Owner: { } owner, Responsible: { } responsiblePath }) return null;
        if (!responsiblePath.StartsWith(owner, StringComparison.Ordinal)) return null;
        if (chosenUnitId is { } chosen)
        {
            var chosenPath = await db.Units.AsNoTracking().Where(u => u.Id == chosen).Select(u => u.Path).SingleOrDefaultAsync(ct);
            if (chosenPath is null || !chosenPath.StartsWith(owner, StringComparison.Ordinal)) return null;
        }
        return responsible;
    }
}
