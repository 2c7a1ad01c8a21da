using Wasl.Web.Modules.Requests;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Security.ApiClients;

var builder = WebApplication.CreateBuilder(PlatformModule.StartOptions(args));

builder.AddPlatform();
builder.AddRequests();
// Further modules add themselves here, one line each: builder.AddCorrespondence(); …

var app = builder.Build();

// A developer's tool: print the schema the model expects (every module's), to write the next migration script from.
if (args is ["schema-script", var provider, ..])
{
    Console.Write(SchemaTools.CreateScript(Enum.Parse<DatabaseProvider>(provider, ignoreCase: true), app.Services.GetServices<ModuleParts>()));
    return;
}

await app.PrepareDatabaseAsync();
if (args is ["api-client", ..])
{
    Environment.ExitCode = await ApiClientCommand.RunAsync(app.Services, args[1..]);
    return;
}
if (args is ["audit", ..])
{
    Environment.ExitCode = await Wasl.Web.Platform.Audit.AuditCommand.RunAsync(app.Services, args[1..], Console.Out);
    return;
}
app.UsePlatform();
app.MapPlatform();
app.MapRequests();
// Further modules map themselves here, one line each: app.MapCorrespondence(); …

await app.RunAsync();

/// <summary>Entry point; public so that the integration tests can host the application.</summary>
public partial class Program;
