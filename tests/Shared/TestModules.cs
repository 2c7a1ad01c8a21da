using Wasl.Web.Modules.Requests;
using Wasl.Web.Platform;

namespace Wasl.Tests;

/// <summary>The parts Program.cs registers (Platform's and each module's), for tests that build the migrator or the texts by hand.</summary>
internal static class TestModules
{
    public static IReadOnlyList<ModuleParts> Parts { get; } = [ModuleParts.Platform, RequestsModule.Parts];
}
