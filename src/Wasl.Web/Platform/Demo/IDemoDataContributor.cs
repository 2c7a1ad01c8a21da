namespace Wasl.Web.Platform.Demo;

/// <summary>A module's share of the Development demo data, created in the same transaction right after the platform's.</summary>
internal interface IDemoDataContributor
{
    Task SeedAsync(CancellationToken ct);
}
