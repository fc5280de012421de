namespace InterviewBooking.PostgreSql;

/// <summary>
/// The text an enum is stored as. Names are fixed here, independent of the enum members' names, so renaming a member never changes stored data;
/// the schema's CHECK constraints list the same names.
/// </summary>
internal sealed class StoredEnum<TEnum>
    where TEnum : struct, Enum
{
    private readonly string _column;
    private readonly Dictionary<TEnum, string> _names = [];
    private readonly Dictionary<string, TEnum> _values = new(StringComparer.Ordinal);

    public StoredEnum(string column, params (TEnum Value, string Name)[] pairs)
    {
        _column = column;
        foreach (var (value, name) in pairs)
        {
            _names.Add(value, name);
            _values.Add(name, value);
        }
    }

    /// <summary>The stored names, in declaration order.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public string NameOf(TEnum value) =>
        _names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} {value} has no stored name.");

    /// <exception cref="InvalidDataException">The stored text names no member (data written by something else).</exception>
    public TEnum Parse(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : throw new InvalidDataException($"Column {_column} holds \"{name}\", which is no {typeof(TEnum).Name}.");
}

/// <summary>The stored names of every enum the stores write.</summary>
internal static class StoredEnums
{
    public static StoredEnum<ReservationStatus> ReservationStatus { get; } = new(
        "reservations.status",
        (InterviewBooking.ReservationStatus.Held, "held"),
        (InterviewBooking.ReservationStatus.Confirmed, "confirmed"),
        (InterviewBooking.ReservationStatus.Released, "released"),
        (InterviewBooking.ReservationStatus.Expired, "expired"));

    public static StoredEnum<PaymentSessionStatus> SessionStatus { get; } = new(
        "payment_sessions.status",
        (PaymentSessionStatus.Pending, "pending"),
        (PaymentSessionStatus.Processing, "processing"),
        (PaymentSessionStatus.Paid, "paid"),
        (PaymentSessionStatus.Booking, "booking"),
        (PaymentSessionStatus.Booked, "booked"),
        (PaymentSessionStatus.Expired, "expired"),
        (PaymentSessionStatus.Canceled, "canceled"),
        (PaymentSessionStatus.Failed, "failed"),
        (PaymentSessionStatus.RefundRequired, "refund_required"),
        (PaymentSessionStatus.BookingCanceled, "booking_canceled"),
        (PaymentSessionStatus.Refunded, "refunded"),
        (PaymentSessionStatus.Rebooked, "rebooked"));

    public static StoredEnum<InterviewStatus> InterviewStatus { get; } = new(
        "interviews.status",
        (InterviewBooking.InterviewStatus.Scheduled, "scheduled"),
        (InterviewBooking.InterviewStatus.Canceled, "canceled"),
        (InterviewBooking.InterviewStatus.Completed, "completed"),
        (InterviewBooking.InterviewStatus.CandidateNoShow, "candidate_no_show"),
        (InterviewBooking.InterviewStatus.InterviewerNoShow, "interviewer_no_show"));

    public static StoredEnum<InterviewParty> InterviewParty { get; } = new(
        "interviews.canceled_by",
        (InterviewBooking.InterviewParty.Candidate, "candidate"),
        (InterviewBooking.InterviewParty.Interviewer, "interviewer"),
        (InterviewBooking.InterviewParty.Operator, "operator"));

    public static StoredEnum<PaymentEventOutcome> EventOutcome { get; } = new(
        "processed_payment_events.outcome",
        (PaymentEventOutcome.Booked, "booked"),
        (PaymentEventOutcome.AwaitingPayment, "awaiting_payment"),
        (PaymentEventOutcome.Released, "released"),
        (PaymentEventOutcome.RefundRequired, "refund_required"),
        (PaymentEventOutcome.Ignored, "ignored"),
        (PaymentEventOutcome.SessionNotFound, "session_not_found"),
        (PaymentEventOutcome.InProgress, "in_progress"),
        (PaymentEventOutcome.DisputeRecorded, "dispute_recorded"));

    public static StoredEnum<PriceLineKind> PriceLineKind { get; } = new(
        "payment_sessions.price_lines[].kind",
        (InterviewBooking.PriceLineKind.Plan, "plan"),
        (InterviewBooking.PriceLineKind.AddOn, "add_on"),
        (InterviewBooking.PriceLineKind.Discount, "discount"));

    public static StoredEnum<OutboxItemStatus> OutboxStatus { get; } = new(
        "outbox.status",
        (OutboxItemStatus.Pending, "pending"),
        (OutboxItemStatus.Leased, "leased"),
        (OutboxItemStatus.Completed, "completed"),
        (OutboxItemStatus.DeadLettered, "dead_lettered"));

    public static StoredEnum<PayoutStatus> PayoutStatus { get; } = new(
        "payouts.status",
        (InterviewBooking.PayoutStatus.Pending, "pending"),
        (InterviewBooking.PayoutStatus.Held, "held"),
        (InterviewBooking.PayoutStatus.Paid, "paid"),
        (InterviewBooking.PayoutStatus.Canceled, "canceled"),
        (InterviewBooking.PayoutStatus.Reversed, "reversed"));

    public static StoredEnum<DisputeStatus> DisputeStatus { get; } = new(
        "payment_disputes.status",
        (InterviewBooking.DisputeStatus.Open, "open"),
        (InterviewBooking.DisputeStatus.Won, "won"),
        (InterviewBooking.DisputeStatus.WarningClosed, "warning_closed"),
        (InterviewBooking.DisputeStatus.Lost, "lost"));
}
