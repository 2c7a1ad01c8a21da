using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Demo;

/// <summary>
/// Development only: a ministry with two directorates and four schools, and one account per role, created on the
/// first start. The accounts are flagged as demo accounts: their published passwords are refused outside Development.
/// </summary>
internal sealed class DemoData(WaslDbContext db, UserManager<WaslUser> users, TimeProvider clock, IEnumerable<IDemoDataContributor> contributors, ILogger<DemoData> logger)
{
    /// <summary>The password of every demo account (listed in README.md).</summary>
    public const string Password = "Wasl-Demo-2026";

    public static readonly (string UserName, string FullName, StaffRole? Role, string UnitCode)[] Accounts =
    [
        ("admin", "مدير النظام", StaffRole.Administrator, "MOE"),
        ("coordinator", "منسق إدارة تعليم الرياض", StaffRole.Coordinator, "RIY"),
        ("coordinator2", "منسق إدارة تعليم مكة المكرمة", StaffRole.Coordinator, "MKK"),
        ("supervisor", "مشرف مركز رعاية المستفيدين", StaffRole.Supervisor, "MOE"),
        ("agent", "موظف مركز الاتصال", StaffRole.CallCenterAgent, "MOE"),
        ("principal", "مدير مدرسة الرياض الأولى", StaffRole.Principal, "RIY-S1"),
        ("editor", "محرر المحتوى", StaffRole.Editor, "MOE"),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        if (await db.Units.AnyAsync(ct)) return;
        // Several nodes may start at once on one database: one seeds, the others wait and then find the data there.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(1463898956)", ct);
        if (await db.Units.AnyAsync(ct)) return;
        await SeedAsync(ct);
        foreach (var contributor in contributors) await contributor.SeedAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        logger.LogInformation("Creating demo data (Development)");
        var now = clock.GetUtcNow();

        var kinds = new Dictionary<string, UnitKind>
        {
            ["ministry"] = new() { Code = "ministry", Name = "وزارة", NameLatin = "Ministry", Level = 0 },
            ["sector"] = new() { Code = "sector", Name = "قطاع", NameLatin = "Sector", Level = 1 },
            ["directorate"] = new() { Code = "directorate", Name = "إدارة تعليم", NameLatin = "Directorate", Level = 2 },
            ["department"] = new() { Code = "department", Name = "إدارة / قسم", NameLatin = "Department", Level = 3 },
            ["school"] = new() { Code = "school", Name = "مدرسة", NameLatin = "School", Level = 4 },
        };
        db.UnitKinds.AddRange(kinds.Values);
        await db.SaveChangesAsync(ct);

        var tree = new UnitTree(db);
        var ministry = await tree.AddAsync(null, kinds["ministry"], "MOE", "وزارة التعليم", "Ministry of Education", ct);
        var riyadh = await tree.AddAsync(ministry, kinds["directorate"], "RIY", "الإدارة العامة للتعليم بمنطقة الرياض", "Riyadh Education Directorate", ct);
        var makkah = await tree.AddAsync(ministry, kinds["directorate"], "MKK", "الإدارة العامة للتعليم بمنطقة مكة المكرمة", "Makkah Education Directorate", ct);
        var schools = new Dictionary<string, Unit>
        {
            ["RIY-S1"] = await tree.AddAsync(riyadh, kinds["school"], "RIY-S1", "مدرسة الرياض الابتدائية الأولى", "Riyadh First Primary School", ct),
            ["RIY-S2"] = await tree.AddAsync(riyadh, kinds["school"], "RIY-S2", "مدرسة الملك فهد المتوسطة", "King Fahd Intermediate School", ct),
            ["MKK-S1"] = await tree.AddAsync(makkah, kinds["school"], "MKK-S1", "مدرسة مكة الثانوية", "Makkah Secondary School", ct),
            ["MKK-S2"] = await tree.AddAsync(makkah, kinds["school"], "MKK-S2", "مدرسة العزيزية الابتدائية", "Aziziyah Primary School", ct),
        };
        var units = new Dictionary<string, Unit> { ["MOE"] = ministry, ["RIY"] = riyadh, ["MKK"] = makkah };
        foreach (var (code, school) in schools) units[code] = school;

        db.Positions.AddRange(
            new Position { UnitId = ministry.Id, Title = "وزير التعليم", TitleLatin = "Minister of Education", IsHead = true },
            new Position { UnitId = ministry.Id, Title = "وكيل الوزارة", TitleLatin = "Undersecretary" },
            new Position { UnitId = riyadh.Id, Title = "المدير العام للتعليم بمنطقة الرياض", TitleLatin = "Director-General, Riyadh", IsHead = true },
            new Position { UnitId = makkah.Id, Title = "المدير العام للتعليم بمنطقة مكة المكرمة", TitleLatin = "Director-General, Makkah", IsHead = true });
        foreach (var school in schools.Values)
            db.Positions.Add(new Position { UnitId = school.Id, Title = "قائد المدرسة", TitleLatin = "Principal", IsHead = true });
        await db.SaveChangesAsync(ct);

        var mobile = 500000001;
        foreach (var (userName, fullName, role, unitCode) in Accounts)
        {
            var user = new WaslUser
            {
                UserName = userName,
                FullName = fullName,
                Email = $"{userName}@wasl.example",
                EmailConfirmed = true,
                PhoneNumber = "+966" + (mobile++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                PhoneNumberConfirmed = true,
                Kind = AccountKind.Staff,
                HomeUnitId = units[unitCode].Id,
                IsDemo = true,
                CreatedAt = now,
            };
            Check(await users.CreateAsync(user, Password));
            if (role is { } r) db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = r, UnitId = units[unitCode].Id });
        }
        var principal = await users.FindByNameAsync("principal");
        var head = await db.Positions.FirstAsync(p => p.UnitId == schools["RIY-S1"].Id, ct);
        head.HolderId = principal!.Id;
        // The directorates' coordinators act for their directors-general; the supervisor holds the undersecretary's post.
        foreach (var (userName, unitCode) in new[] { ("coordinator", "RIY"), ("coordinator2", "MKK") })
        {
            var coordinator = await users.FindByNameAsync(userName);
            var post = await db.Positions.FirstAsync(p => p.UnitId == units[unitCode].Id && p.IsHead, ct);
            db.Delegations.Add(new Delegation { PositionId = post.Id, DelegateId = coordinator!.Id, Kind = DelegationKind.Coordinator, StartsAt = now });
        }
        var supervisor = await users.FindByNameAsync("supervisor");
        (await db.Positions.FirstAsync(p => p.UnitId == units["MOE"].Id && !p.IsHead, ct)).HolderId = supervisor!.Id;

        var parent = new WaslUser
        {
            UserName = "1000000008",
            NationalId = "1000000008",
            FullName = "ولي أمر تجريبي",
            PhoneNumber = "+966500000099",
            PhoneNumberConfirmed = true,
            Email = "parent@wasl.example",
            Kind = AccountKind.Beneficiary,
            IsDemo = true,
            CreatedAt = now,
        };
        Check(await users.CreateAsync(parent, Password));
        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
    }
}
