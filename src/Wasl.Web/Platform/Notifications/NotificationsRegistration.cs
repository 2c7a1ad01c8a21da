using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Operations;

namespace Wasl.Web.Platform.Notifications;

/// <summary>Deadline engine (calendars, policies, sweeper) and notifications (outbox, senders, dispatcher, in-app centre).</summary>
internal static class NotificationsRegistration
{
    public static IServiceCollection AddDeadlinesAndNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.AddSettings<DeadlineOptions, DeadlineOptionsValidator>(config, DeadlineOptions.Section);
        services.AddSettings<NotificationOptions, NotificationOptionsValidator>(config, NotificationOptions.Section);
        services.AddSettings<SmtpOptions, SmtpOptionsValidator>(config, SmtpOptions.Section);
        services.AddSingleton<WorkCalendars>();
        services.AddScoped<DeadlineRecomputes>();
        services.AddHostedService<DeadlineSweeper>();

        services.AddScoped<Notifier>();
        services.AddScoped<Recipients.UnitRecipients>();
        services.AddScoped<UnreadNotices>();
        services.AddScoped<OutboxDispatcher>();
        services.AddSingleton<SmtpEmailSender>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, EmailNotificationSender>());
        services.AddHttpClient<SmsNotificationSender>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<INotificationSender, SmsNotificationSender>(sp => sp.GetRequiredService<SmsNotificationSender>()));
        services.AddHostedService<OutboxPump>();
        return services;
    }
}
