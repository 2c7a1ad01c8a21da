using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Demo;

namespace Wasl.Web.Modules.Requests;

/// <summary>Demo categories (the report categories of seed 004, and a few for complaints, inquiries and suggestions) and tighter deadlines for urgent reports.</summary>
internal sealed class RequestsDemoData(WaslDbContext db, TimeProvider clock) : IDemoDataContributor
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var ministry = await db.Units.Where(u => u.Code == "MOE").Select(u => u.Id).SingleAsync(ct);
        (RequestType Type, string Code, string Name, string Latin)[] categories =
        [
            (RequestType.Report, "maintenance", "صيانة المباني", "Building maintenance"),
            (RequestType.Report, "fire", "حريق", "Fire"),
            (RequestType.Report, "crime", "حادثة جنائية", "Criminal incident"),
            (RequestType.Report, "traffic", "حادث مروري", "Traffic accident"),
            (RequestType.Report, "violence", "عنف", "Violence"),
            (RequestType.Report, "poisoning", "تسمم غذائي", "Food poisoning"),
            (RequestType.Report, "cleanliness", "نظافة", "Cleanliness"),
            (RequestType.Report, "other-report", "أخرى", "Other"),
            (RequestType.Complaint, "teaching", "التعليم والمعلمون", "Teaching and teachers"),
            (RequestType.Complaint, "transport", "النقل المدرسي", "School transport"),
            (RequestType.Inquiry, "admission", "القبول والتسجيل", "Admission and registration"),
            (RequestType.Suggestion, "services", "تحسين الخدمات", "Improving services"),
        ];
        foreach (var (type, code, name, latin) in categories)
            db.Add(new Category { OwnerUnitId = ministry, Type = type, Code = code, Name = name, NameLatin = latin });
        // Urgent reports (balagh) get tighter targets than the defaults, in working minutes: first answer, resolution.
        foreach (var (importance, first, resolution) in new[] { ("Normal", 120, 7 * 60), ("Important", 60, 210), ("VeryImportant", 30, 120) })
        {
            db.Add(new DeadlinePolicy
            {
                Subject = Deadlines.RequestDeadlines.Subject,
                Kind = nameof(RequestType.Report),
                Importance = importance,
                FirstResponseMinutes = first,
                ResolutionMinutes = resolution,
                WarningPercent = 75,
                OnBreach = BreachAction.Escalate,
                UpdatedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
