using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Security;

/// <summary>
/// The fallback policy (signed in) for every endpoint that declares nothing. A request that matches no endpoint is not
/// one, nor is routing's answer to a wrong method: they go on to the 404 and 405 answers (Open311's own documents under
/// /open311) instead of a sign-in form.
/// </summary>
internal sealed class EndpointFallbackPolicyProvider(IOptions<AuthorizationOptions> options, IHttpContextAccessor http) : IAuthorizationPolicyProvider
{
    private readonly DefaultAuthorizationPolicyProvider _policies = new(options);

    public Task<AuthorizationPolicy> GetDefaultPolicyAsync() => _policies.GetDefaultPolicyAsync();

    public Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) => _policies.GetPolicyAsync(policyName);

    public Task<AuthorizationPolicy?> GetFallbackPolicyAsync() =>
        http.HttpContext?.GetEndpoint() is RouteEndpoint ? _policies.GetFallbackPolicyAsync() : Task.FromResult<AuthorizationPolicy?>(null);
}
