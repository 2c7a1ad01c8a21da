using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Wasl.Tests;

/// <summary>
/// Who may reach what, read from the running application's endpoints: guests reach only the endpoints that declare
/// [AllowAnonymous] — an explicit list here — and everything else, including an endpoint that declares nothing (the
/// fallback policy), sends a guest to sign in.
/// </summary>
public abstract class EndpointAccessTests(AppFixture fixture)
{
    /// <summary>Every endpoint open to guests, by method and route. A new public page or endpoint is added here on purpose.</summary>
    private static readonly string[] OpenToGuests =
    [
        "* /",
        "* /{owner:alpha}/attachments/{id}",
        "* /access-denied",
        "* /account/confirm-mobile",
        "* /account/forgot-password",
        "* /account/register",
        "* /account/reset-password",
        "* /account/sign-in",
        "* /account/sign-out",
        "* /error/{code:int?}",
        "* /health/live",
        "* /health/ready",
        "* /preferences/{handler?}",
        "* /requests/new",
        "* /requests/submitted",
        "* /requests/track/{handler?}",
        "* /staff/sign-in",
        "* /staff/sign-in/two-factor",
        "GET /altcha/challenge",
        "GET /api/v1/languages",
        "GET /open311/discovery.{format}",
        "GET /open311/v2/requests.{format}",
        "GET /open311/v2/requests/{id}.{format}",
        "GET /open311/v2/services.{format}",
        "GET /open311/v2/services/{code}.{format}",
        "GET /openapi/{documentName}.json",
        "POST /open311/v2/requests.{format}",
    ];

    [Fact]
    public void Guests_reach_only_the_endpoints_on_the_explicit_list()
    {
        fixture.Require();
        var open = Endpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(Describe).Distinct().Order().ToList();
        Assert.Equal(OpenToGuests.Order(), open);
    }

    [Fact]
    public async Task Every_other_endpoint_sends_a_guest_away()
    {
        fixture.Require();
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods[0] : "GET";
            var path = Path(endpoint);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("sign-in", StringComparison.Ordinal) == true);
            if (!refused) failures.Add($"{method} {path}: {(int)response.StatusCode}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task An_endpoint_that_declares_nothing_is_for_signed_in_people_only()
    {
        fixture.Require();
        // A deliberately undeclared endpoint (no [Authorize], no [AllowAnonymous]) added to the running application:
        // the fallback policy must refuse it to a guest. Without the fallback policy it answers 200 and this test fails.
        await using var app = fixture.App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, UndeclaredEndpoint>()));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(UndeclaredEndpoint.Path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private List<RouteEndpoint> Endpoints() =>
        [.. fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} /{e.RoutePattern.RawText?.TrimStart('/')}";

    /// <summary>The route with a harmless value in each parameter: authorization runs before anything reads them.</summary>
    private static string Path(RouteEndpoint e) =>
        "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart sep => sep.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "format" } => "json",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart q when q.ParameterPolicies.Any(r => r.Content == "guid") => Guid.NewGuid().ToString(),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart q when q.ParameterPolicies.Any(r => r.Content == "alpha") => "requests",
            _ => "1",
        }))));

    private sealed class UndeclaredEndpoint : IStartupFilter
    {
        public const string Path = "/__test/undeclared";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Path, branch =>
            {
                branch.UseRouting();
                branch.UseAuthentication();
                branch.UseAuthorization();
                branch.UseEndpoints(e => e.MapGet("/", () => "undeclared"));
            });
            next(app);
        };
    }
}

public sealed class EndpointAccessTestsOnSqlite(SqliteAppFixture f) : EndpointAccessTests(f), IClassFixture<SqliteAppFixture>;

public sealed class EndpointAccessTestsOnPostgres(PostgresAppFixture f) : EndpointAccessTests(f), IClassFixture<PostgresAppFixture>;
