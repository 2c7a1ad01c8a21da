using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Web.Platform.Identity;

/// <summary>A change to how an account is reached or protected, which its owner is always told of.</summary>
internal enum AccountChange
{
    Mobile,
    Email,
    Password,
    TwoFactorOn,
    TwoFactorReset,
}

/// <summary>
/// Tells the owner of an account of every change to its mobile, e-mail, password or two-factor, whoever made it
/// (an administrator or the owner): a critical notice in the notification centre and, in the owner's language, by SMS
/// to the mobile and by e-mail to the address the account had BEFORE the change. Someone who took the account over
/// and put their own mobile on it cannot keep the owner from hearing of it. Every page that makes such a change calls
/// this once it succeeded.
/// </summary>
internal sealed class AccountNotices(WaslDbContext db, Notifier notifier)
{
    /// <summary>A change that left the mobile and e-mail as they were (password, two-factor).</summary>
    public Task TellAsync(WaslUser account, AccountChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        return TellAsync(account, change, account.PhoneNumber, account.Email, ct);
    }

    /// <summary>Queues the notice to <paramref name="oldMobile"/> and <paramref name="oldEmail"/> and commits it.</summary>
    public async Task TellAsync(WaslUser account, AccountChange change, string? oldMobile, string? oldEmail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        // Each change is its own event: the same change made twice is told twice.
        var notice = new Notice($"account:{account.Id:N}:{change}:{Guid.NewGuid():N}", $"AccountChanged.{change}", Critical: true, Link: null);
        notifier.Add(notice, [new NoticeRecipient(account.Id, oldEmail, oldMobile, account.PreferredLanguage)]);
        await db.SaveChangesAsync(ct);
    }
}
