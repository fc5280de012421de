using System.Globalization;

namespace InterviewBooking.Sample.Web;

/// <summary>Amounts as people read them: <c>49.00 USD</c>, with the currency's own number of decimals.</summary>
internal static class MoneyText
{
    public static string Format(long minorUnits, string currency)
    {
        var digits = Digits(currency);
        var value = minorUnits / (decimal)Math.Pow(10, digits);
        return value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency;
    }

    public static string Format(Money money) => Format(money.MinorUnits, money.Currency);

    // ISO 4217 currencies without minor units; every other one the sample may meet has two.
    private static int Digits(string currency) => currency is "JPY" or "KRW" or "VND" or "CLP" or "ISK" or "UGX" ? 0 : 2;
}
