using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InterviewBooking;

/// <summary>
/// A hash of what a request asks for, stored with its payment session (<see cref="PaymentSession.RequestFingerprint"/>), so a start that
/// reuses an idempotency key can tell "the same request again" from "another request under the same key" without storing the request.
/// </summary>
/// <remarks>
/// Canonical: every field that changes what is held or charged, in a fixed order; lists whose order means something (categories: the first
/// is the primary domain) keep it, sets (excluded interviewers, add-ons) are sorted. Fields are joined with control characters that a
/// validated request cannot contain, so no two requests share a canonical text.
/// </remarks>
internal static class InterviewRequestFingerprint
{
    private const char Field = '\u001f';
    private const char Item = '\u001e';

    /// <summary>The fingerprint, <c>sha256:</c> and 64 hex digits.</summary>
    public static string Of(InterviewRequest request)
    {
        var text = new StringBuilder();
        Append(request.CandidateId.Value);
        Append(request.CandidateName);
        Append(request.CandidateEmail);
        Append(request.ExperienceYears.ToString(CultureInfo.InvariantCulture));
        Append(string.Join(Item, request.SkillCategories));
        Append(string.Join(Item, request.Skills));
        Append(request.RequestedSlot.Start.ToString());
        Append(request.RequestedSlot.End.ToString());
        Append(request.CandidateTimeZone.Id);
        Append(request.PlanId);
        Append(string.Join(Item, request.AddOns
            .Select(a => a.AddOnId + ":" + a.Quantity.ToString(CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)));
        Append(request.CouponCode ?? string.Empty);
        Append(string.Join(Item, request.ExcludedInterviewers.Select(i => i.Value).Order(StringComparer.Ordinal)));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

        void Append(string value) => text.Append(value).Append(Field);
    }
}
