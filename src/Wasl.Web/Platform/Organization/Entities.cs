namespace Wasl.Web.Platform.Organization;

/// <summary>A kind of unit (ministry, sector, directorate, department, school). Kinds are data, not code.</summary>
internal sealed class UnitKind
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NameLatin { get; set; }

    /// <summary>Where the kind usually sits in the tree (0 = ministry); used for ordering and defaults only.</summary>
    public int Level { get; set; }
}

/// <summary>
/// A unit of the organization tree. <see cref="Path"/> is the materialized path of ids ("/1/4/9/"),
/// so a subtree is one indexed prefix query at any depth.
/// </summary>
internal sealed class Unit
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public Unit? Parent { get; set; }
    public int KindId { get; set; }
    public UnitKind? Kind { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NameLatin { get; set; }
    public string Path { get; set; } = "/";
    public int Depth { get; set; }
    public bool IsActive { get; set; } = true;

    public static string ChildPath(string? parentPath, int id) => (parentPath ?? "/") + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";

    public bool IsWithin(string ancestorPath) => Path.StartsWith(ancestorPath, StringComparison.Ordinal);
}

/// <summary>An office of a unit (minister, director-general, head of section, principal), held by at most one person.</summary>
internal sealed class Position
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public string Title { get; set; } = "";
    public string? TitleLatin { get; set; }

    /// <summary>The head position of its unit: escalation goes from a unit to the head of its parent unit.</summary>
    public bool IsHead { get; set; }
    public Guid? HolderId { get; set; }
    public bool IsActive { get; set; } = true;
}

internal enum DelegationKind
{
    Deputy = 0,
    Coordinator = 1,
}

/// <summary>A person acting for a position (deputy or coordinator), for a period; what they do is recorded as on behalf of the position.</summary>
internal sealed class Delegation
{
    public int Id { get; set; }
    public int PositionId { get; set; }
    public Position? Position { get; set; }
    public Guid DelegateId { get; set; }
    public DelegationKind Kind { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => StartsAt <= now && (EndsAt is null || now < EndsAt);
}

/// <summary>The roles staff hold. A role is always held at a unit and reaches that unit's whole subtree.</summary>
internal enum StaffRole
{
    Administrator = 0,
    Coordinator = 1,
    Supervisor = 2,
    CallCenterAgent = 3,
    Principal = 4,
    Editor = 5,
}

/// <summary>
/// The order of the roles, highest first. Nobody grants a role above the highest one they hold over that unit, and
/// nobody manages an account that holds one: otherwise a lower administrator could take over a higher account.
/// </summary>
internal static class StaffRoles
{
    private static readonly StaffRole[] HighestFirst =
        [StaffRole.Administrator, StaffRole.Coordinator, StaffRole.Supervisor, StaffRole.Principal, StaffRole.Editor, StaffRole.CallCenterAgent];

    /// <summary>Higher is more powerful; every role has a distinct rank.</summary>
    public static int Rank(StaffRole role)
    {
        var index = Array.IndexOf(HighestFirst, role);
        return index < 0 ? -1 : HighestFirst.Length - index;
    }
}

internal sealed class RoleAssignment
{
    public int Id { get; set; }
    public Guid UserId { get; set; }
    public StaffRole Role { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
}
