using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Identity;

/// <summary>Section Identity:Throttle: how failed password sign-ins slow down and stop the address they come from.</summary>
internal sealed class SignInThrottleOptions
{
    public const string Section = "Identity:Throttle";

    /// <summary>Failures from one address (any account) after which that address may not sign in.</summary>
    public int AddressFailures { get; set; } = 10;

    /// <summary>Failures for one account from one address after which that pair may not sign in.</summary>
    public int AccountAddressFailures { get; set; } = 5;

    /// <summary>How long a stopped address (or pair) stays stopped after its last failure, and how long failures count.</summary>
    public int BlockMinutes { get; set; } = 15;

    /// <summary>Each failure beyond <see cref="AddressFailures"/> waits this much longer before the answer.</summary>
    public int DelayStepMilliseconds { get; set; } = 1000;

    public int MaxDelayMilliseconds { get; set; } = 10_000;
}

internal enum SignInRefusal
{
    None,

    /// <summary>Too many failures from this address: no account may sign in from it for a while.</summary>
    Address,

    /// <summary>Too many failures for this account from this address; the account still signs in from elsewhere.</summary>
    AccountAtAddress,
}

/// <summary>
/// Password guessing is stopped by the address it comes from, not by the account it aims at (ASVS 2.2.1): a locked
/// account is a denial of service anyone who knows an administrator's user name could cause. So failures count per
/// client address and per account + address; an address past its limit may not sign in to any account, and each
/// further failure from it waits longer before the answer. The account itself still signs in from another address.
/// Identity's own account lockout remains only as a high last resort (Identity:MaxFailedAccessAttempts).
/// The counts live in this node's memory: a few nodes multiply an attacker's budget by their number, no more.
/// </summary>
internal sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider clock) : IDisposable
{
    private sealed class Counter
    {
        public int Failures;
        public DateTimeOffset Until;
    }

    // Bounded: a flood of addresses evicts old entries instead of filling the memory.
    private readonly MemoryCache _counters = new(new MemoryCacheOptions { SizeLimit = 200_000 });
    private readonly Lock _gate = new();

    public (SignInRefusal Refusal, int Minutes) Check(IPAddress? address, string login)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (Current(AddressKey(address), now) is { } a && a.Failures >= o.AddressFailures)
                return (SignInRefusal.Address, Minutes(a.Until - now));
            if (Current(PairKey(address, login), now) is { } p && p.Failures >= o.AccountAddressFailures)
                return (SignInRefusal.AccountAtAddress, Minutes(p.Until - now));
        }
        return (SignInRefusal.None, 0);
    }

    /// <summary>Counts a failed (or refused) attempt and returns how long to wait before answering it.</summary>
    public TimeSpan Fail(IPAddress? address, string login)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        int failures;
        lock (_gate)
        {
            failures = Bump(AddressKey(address), now, o);
            Bump(PairKey(address, login), now, o);
        }
        var beyond = failures - o.AddressFailures;
        return beyond <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min((long)beyond * o.DelayStepMilliseconds, o.MaxDelayMilliseconds));
    }

    /// <summary>The right password from this address forgets the pair's failures (not the address's).</summary>
    public void Succeed(IPAddress? address, string login)
    {
        lock (_gate) _counters.Remove(PairKey(address, login));
    }

    public Task WaitAsync(TimeSpan delay, CancellationToken ct) => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, clock, ct);

    private Counter? Current(string key, DateTimeOffset now) =>
        _counters.TryGetValue(key, out Counter? c) && c!.Until > now ? c : null;

    private int Bump(string key, DateTimeOffset now, SignInThrottleOptions o)
    {
        var c = Current(key, now) ?? new Counter();
        c.Failures++;
        c.Until = now.AddMinutes(o.BlockMinutes);
        _counters.Set(key, c, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = c.Until.AddMinutes(1) });
        return c.Failures;
    }

    private static int Minutes(TimeSpan left) => Math.Max(1, (int)Math.Ceiling(left.TotalMinutes));

    private static string AddressKey(IPAddress? address) => "a|" + Describe(address);

    private static string PairKey(IPAddress? address, string login) => "p|" + Describe(address) + "|" + login.Trim().ToUpperInvariant();

    /// <summary>An IPv6 client holds a whole /64: count the prefix, or one machine would have billions of addresses.</summary>
    private static string Describe(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public void Dispose() => _counters.Dispose();
}
