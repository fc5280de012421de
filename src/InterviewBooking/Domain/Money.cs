using System.Globalization;

namespace InterviewBooking;

/// <summary>An amount of money in the currency's minor units (cents for USD), with its ISO 4217 code.</summary>
public readonly record struct Money
{
    /// <summary>Creates an amount.</summary>
    /// <param name="minorUnits">The amount in minor units; never negative.</param>
    /// <param name="currency">A three-letter ISO 4217 code; stored upper-case.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minorUnits"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not three ASCII letters.</exception>
    public Money(long minorUnits, string currency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minorUnits);
        MinorUnits = minorUnits;
        Currency = NormalizeCurrency(currency);
    }

    /// <summary>The amount in minor units.</summary>
    public long MinorUnits { get; }

    /// <summary>The upper-case ISO 4217 currency code.</summary>
    public string Currency { get; }

    /// <summary>Checks and upper-cases an ISO 4217 code.</summary>
    /// <exception cref="ArgumentException">The code is not three ASCII letters.</exception>
    public static string NormalizeCurrency(string currency, string paramName = "currency")
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"A currency is a three-letter ISO 4217 code such as \"USD\"; got \"{currency}\".", paramName);
        }

        return currency.ToUpperInvariant();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MinorUnits} {Currency}");
}
