namespace InterviewBooking.Calendar;

/// <summary>Settings of the calendar invites, validated when the host starts: a bad value fails start-up with a message naming it.</summary>
public sealed class CalendarInviteOptions
{
    /// <summary>The default <see cref="ProductId"/>.</summary>
    public const string DefaultProductId = "-//InterviewBooking//InterviewBooking.Calendar//EN";

    /// <summary>The organizer's display name (the marketplace, say); optional.</summary>
    public string? OrganizerName { get; set; }

    /// <summary>The organizer's email address (<c>ORGANIZER:mailto:…</c>); required. Calendar clients send replies here.</summary>
    public string OrganizerEmail { get; set; } = string.Empty;

    /// <summary>The calendar's product identifier (<c>PRODID</c>). Default <see cref="DefaultProductId"/>.</summary>
    public string ProductId { get; set; } = DefaultProductId;

    /// <summary>
    /// The domain that makes each interview's <c>UID</c> globally unique (<c>{interview id}@{domain}</c>): a host name the
    /// marketplace owns. When empty, the domain of <see cref="OrganizerEmail"/>. Never change it once invites were sent:
    /// calendar clients match updates and cancellations by <c>UID</c>.
    /// </summary>
    public string? UidDomain { get; set; }

    /// <summary>The domain used in <c>UID</c>s: <see cref="UidDomain"/>, else the domain of <see cref="OrganizerEmail"/>.</summary>
    public string EffectiveUidDomain =>
        !string.IsNullOrWhiteSpace(UidDomain) ? UidDomain.Trim()
        : OrganizerEmail.LastIndexOf('@') is var at and >= 0 ? OrganizerEmail[(at + 1)..].Trim()
        : string.Empty;
}
