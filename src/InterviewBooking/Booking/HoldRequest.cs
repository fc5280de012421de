using System.Globalization;

namespace InterviewBooking;

/// <summary>Asks to hold an interviewer's slot while a candidate pays.</summary>
/// <param name="InterviewerId">The interviewer.</param>
/// <param name="Slot">The slot, with both ends and a positive length.</param>
/// <param name="Owner">Who holds it: the payment session id.</param>
/// <param name="HeldUntil">When the hold stops blocking the slot unless confirmed.</param>
public sealed record HoldRequest(InterviewerId InterviewerId, Interval Slot, string Owner, Instant HeldUntil)
{
    /// <summary>
    /// Checks a request as every <see cref="IReservationStore"/> does before holding, so all adapters refuse the same requests with the
    /// same messages: an interviewer, a slot with both ends and a positive length, an owner, and <see cref="HeldUntil"/> after <paramref name="now"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="now">The store's current instant.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request names no interviewer, its slot lacks a start, an end or a positive length, its owner is blank, or <see cref="HeldUntil"/> is not after <paramref name="now"/>.</exception>
    public static void Validate(HoldRequest request, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InterviewerId.IsEmpty)
        {
            throw new ArgumentException("A hold needs an interviewer id; InterviewerId is empty.", nameof(request));
        }

        var slot = request.Slot;
        if (!slot.HasStart || !slot.HasEnd)
        {
            throw new ArgumentException($"A hold's slot needs both a start and an end; Slot is {slot}.", nameof(request));
        }

        if (slot.End <= slot.Start)
        {
            throw new ArgumentException($"A hold's slot must have a positive length; Slot is {slot}.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Owner))
        {
            throw new ArgumentException($"A hold needs an owner (the payment session id); Owner is \"{request.Owner}\".", nameof(request));
        }

        if (request.HeldUntil <= now)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A hold must last past now ({now}); HeldUntil is {request.HeldUntil}."), nameof(request));
        }
    }
}
