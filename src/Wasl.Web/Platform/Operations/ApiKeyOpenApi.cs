using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Wasl.Web.Platform.Operations;

/// <summary>
/// /openapi/v1.json says how to authenticate: the "Bearer" HTTP scheme (an API key issued by the ministry), required
/// by every operation behind <see cref="PlatformModule.ApiPolicy"/> and by no other. A generated client then sends
/// the header itself instead of guessing from prose.
/// </summary>
internal sealed class ApiKeyOpenApi : IOpenApiDocumentTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "wsk_<key id>_<secret>",
            Description = "An API key (Authorization: Bearer wsk_…), created by a national administrator at /staff/admin/api-clients. A browser's sign-in cookie is never accepted.",
        };
        foreach (var api in context.DescriptionGroups.SelectMany(g => g.Items))
        {
            var protectedByKey = api.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == PlatformModule.ApiPolicy);
            if (!protectedByKey || api.HttpMethod is null || api.RelativePath is null) continue;
            if (document.Paths?.TryGetValue("/" + api.RelativePath, out var path) != true || path!.Operations is null) continue;
            if (!path.Operations.TryGetValue(new HttpMethod(api.HttpMethod), out var operation)) continue;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        }
        return Task.CompletedTask;
    }
}
