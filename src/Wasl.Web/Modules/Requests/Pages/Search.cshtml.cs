using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.References;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// Staff search, limited to what the searcher may see: a request number, a national ID or a mobile number (any digit
/// form) are exact indexed lookups; anything else is words, compared after Arabic/Persian normalization, so
/// "مدرسه" finds "مدرسة" and "اسراف" finds "إسراف".
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class SearchModel(RequestAccess access, RequestSearch search, OrgAccess org, INationalIdValidator nationalIds, IOptions<DeploymentOptions> deployment, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];
    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        if (string.IsNullOrWhiteSpace(Q) || Q.Length > 200) return Page();
        Searched = true;
        IQueryable<Request> query;
        if (ReferenceNumber.TryParse(Q, out var number))
        {
            var n = number.ToString();
            query = (await access.VisibleToStaffAsync(ct)).Where(r => r.Number == n);
        }
        else if (IsIdentifier(Q, out var nationalId, out var mobile))
        {
            query = (await access.VisibleToStaffAsync(ct)).Where(r => (nationalId != null && r.RequesterNationalId == nationalId) || (mobile != null && r.RequesterMobile == mobile));
            Rows = await RowsAsync(query, ct);
            // A read of requesters' personal data by lookup: audited once, with what was looked for and how many were shown.
            await audit.PersonalDataLookupAsync("search", nationalId, mobile, Rows.Count, ct);
            // Digits that could be an identifier but are none of the visible requesters' may still be a word of a text
            // (a school's number, an invoice): then they are searched as a word.
            if (Rows.Count > 0) return Page();
            query = await WordsAsync(ct) ?? query;
        }
        else
        {
            // Digits that are no plausible identifier ("١٢٣٤٥" in Saudi Arabia is neither an ID nor a mobile) are a word.
            if (await WordsAsync(ct) is not { } words) return Page();
            query = words;
        }
        Rows = await RowsAsync(query, ct);
        return Page();
    }

    private async Task<IQueryable<Request>?> WordsAsync(CancellationToken ct)
    {
        var terms = SearchText.QueryTerms(Q);
        return terms.Count == 0 ? null : await access.VisibleToStaffAsync(await search.MatchingAsync(terms, await org.ScopeAsync(OrgRight.View, ct), ct), ct);
    }

    private static Task<List<QueueRow>> RowsAsync(IQueryable<Request> query, CancellationToken ct) =>
        query.OrderByDescending(r => r.Id).Take(PageSize)
            .Select(r => new QueueRow(r.Id, r.Number, r.Type, r.Subject, r.Status, r.Importance, r.RequesterName, "", r.CreatedAt, r.UnitId, r.DueAt))
            .ToListAsync(ct);

    /// <summary>Digits only (in any script, with separators): a national ID and/or a mobile number.</summary>
    private bool IsIdentifier(string q, out string? nationalId, out string? mobile)
    {
        nationalId = mobile = null;
        if (!Digits.IsAsciiDigits(Digits.StripSeparators(Digits.ToAscii(q.Trim())).TrimStart('+'))) return false;
        if (nationalIds.TryNormalize(q, out var n)) nationalId = n;
        if (MobileNumbers.TryNormalize(q, deployment.Value.Country, out var m)) mobile = m;
        return nationalId is not null || mobile is not null;
    }
}
