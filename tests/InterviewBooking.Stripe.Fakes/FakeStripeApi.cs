using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stripe;

namespace InterviewBooking.Stripe.Fakes;

/// <summary>
/// A local stand-in for Stripe's API behind the real Stripe.net client: an <see cref="HttpMessageHandler"/> that records every request
/// (form-encoded body and headers) and answers with Stripe-shaped JSON. It keeps Checkout Sessions, their PaymentIntents and charges, refunds,
/// Connect transfers and their reversals, honours idempotency keys
/// like Stripe (same key and parameters: same answer; same key, other parameters: an error), and fails on request.
/// </summary>
public sealed class FakeStripeApi : HttpMessageHandler
{
    public const string ApiKey = "sk_test_fake_key";

    private readonly object _gate = new();
    private readonly List<FakeStripeRequest> _requests = [];
    private readonly Dictionary<string, FakeCheckout> _checkouts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Body, HttpStatusCode Status, string Json)> _idempotent = new(StringComparer.Ordinal);
    private readonly List<FakeRefund> _refunds = [];
    private readonly List<FakeTransfer> _transfers = [];
    private readonly List<FakeTransferReversal> _reversals = [];
    private readonly List<(string? Path, HttpStatusCode Status, string Type, string? Code, string Message)> _failures = [];
    private int _next;

    public IReadOnlyList<FakeStripeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int RefundCount { get; private set; }

    /// <summary>The Unix time refunds are stamped with (the harness's clock, say).</summary>
    public Func<long> UnixNow { get; set; } = static () => 1_780_000_000;

    /// <summary>When set, a request it returns <see langword="true"/> for fails with a 500 <c>api_error</c> before it is applied (a transient Stripe outage).</summary>
    public Func<FakeStripeRequest, bool>? FailWhen { get; set; }

    /// <summary>When set, a request it returns <see langword="true"/> for is applied, then answered with a 500 (the answer was lost on the way).</summary>
    public Func<FakeStripeRequest, bool>? LoseAnswerWhen { get; set; }

    /// <summary>Every Checkout Session created so far (a snapshot).</summary>
    public IReadOnlyList<FakeCheckout> Checkouts
    {
        get
        {
            lock (_gate)
            {
                return [.. _checkouts.Values];
            }
        }
    }

    /// <summary>The PaymentIntents with at least one refund so far (a snapshot).</summary>
    public IReadOnlySet<string> RefundedPaymentIntents
    {
        get
        {
            lock (_gate)
            {
                return _refunds.Select(r => r.PaymentIntentId).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Every refund made so far, in the order made (a snapshot).</summary>
    public IReadOnlyList<FakeRefund> Refunds
    {
        get
        {
            lock (_gate)
            {
                return [.. _refunds];
            }
        }
    }

    /// <summary>Every transfer made so far, in the order made (a snapshot).</summary>
    public IReadOnlyList<FakeTransfer> Transfers
    {
        get
        {
            lock (_gate)
            {
                return [.. _transfers];
            }
        }
    }

    /// <summary>Every transfer reversal made so far, in the order made (a snapshot).</summary>
    public IReadOnlyList<FakeTransferReversal> TransferReversals
    {
        get
        {
            lock (_gate)
            {
                return [.. _reversals];
            }
        }
    }

    /// <summary>The charge Stripe made for a PaymentIntent (its <c>latest_charge</c>).</summary>
    public static string ChargeOf(string paymentIntentId) => "ch_" + paymentIntentId["pi_".Length..];

    /// <summary>A dispute of a paid checkout's charge, as a <c>charge.dispute.*</c> event carries it.</summary>
    public JsonObject DisputeJson(string paymentIntentId, string disputeId, string status)
    {
        lock (_gate)
        {
            var checkout = _checkouts.Values.Single(c => c.PaymentIntentId == paymentIntentId);
            return new JsonObject
            {
                ["id"] = disputeId,
                ["object"] = "dispute",
                ["amount"] = checkout.AmountTotal,
                ["currency"] = checkout.Currency,
                ["charge"] = ChargeOf(paymentIntentId),
                ["payment_intent"] = paymentIntentId,
                ["reason"] = "fraudulent",
                ["status"] = status,
                ["created"] = UnixNow(),
                ["livemode"] = false,
            };
        }
    }

    /// <summary>An operator refunds in Stripe's dashboard: a refund with no metadata of ours (and no <c>charge.refunded</c> delivered here).</summary>
    public FakeRefund RefundInDashboard(string paymentIntentId, long amount)
    {
        lock (_gate)
        {
            var checkout = _checkouts.Values.Single(c => c.PaymentIntentId == paymentIntentId);
            return AddRefund(paymentIntentId, amount, checkout.Currency, new Dictionary<string, string>(StringComparer.Ordinal));
        }
    }

    /// <summary>The real Stripe.net client, pointed at this fake; no retries, so a failure shows at once.</summary>
    public StripeClient CreateClient() => new(new StripeClientOptions
    {
        ApiKey = ApiKey,
        ApiBase = "https://api.stripe.test",
        HttpClient = new SystemNetHttpClient(new HttpClient(this, disposeHandler: false), maxNetworkRetries: 0, enableTelemetry: false),
    });

    public IEnumerable<FakeStripeRequest> RequestsTo(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public FakeCheckout Checkout(string id)
    {
        lock (_gate)
        {
            return _checkouts[id];
        }
    }

    /// <summary>The candidate pays: the checkout completes (<c>paid</c>, or <c>unpaid</c> for an asynchronous method) with a PaymentIntent.</summary>
    public FakeCheckout Complete(string id, string paymentStatus = "paid")
    {
        lock (_gate)
        {
            var checkout = _checkouts[id];
            checkout.Status = "complete";
            checkout.PaymentStatus = paymentStatus;
            checkout.PaymentIntentId ??= "pi_" + id;
            return checkout;
        }
    }

    /// <summary>The Checkout Session as an event would carry it now, read under the fake's lock.</summary>
    public JsonObject CheckoutJson(string id)
    {
        lock (_gate)
        {
            return _checkouts[id].ToJson();
        }
    }

    /// <summary>
    /// The candidate pays an open Checkout Session before its <c>expires_at</c> (<paramref name="now"/>, Unix seconds), as
    /// <see cref="Complete"/>; <see langword="null"/> when it is no longer payable (expired, or completed already).
    /// </summary>
    public FakeCheckout? TryComplete(string id, long now, string paymentStatus = "paid")
    {
        lock (_gate)
        {
            var checkout = _checkouts[id];
            return checkout.Status == "open" && now < checkout.ExpiresAt ? Complete(id, paymentStatus) : null;
        }
    }

    /// <summary>An asynchronous payment settles: <c>paid</c> when it succeeded; a failed one stays <c>unpaid</c>.</summary>
    public FakeCheckout Settle(string id, bool succeeded)
    {
        lock (_gate)
        {
            var checkout = _checkouts[id];
            if (succeeded)
            {
                checkout.PaymentStatus = "paid";
            }

            return checkout;
        }
    }

    /// <summary>Stripe expires an open Checkout Session whose <c>expires_at</c> has come; <see langword="false"/> when it is no longer open.</summary>
    public bool TryExpire(string id)
    {
        lock (_gate)
        {
            var checkout = _checkouts[id];
            if (checkout.Status != "open")
            {
                return false;
            }

            checkout.Status = "expired";
            return true;
        }
    }

    /// <summary>The next request (to a path starting with <paramref name="path"/>, when given) fails with this Stripe error.</summary>
    public void FailNext(HttpStatusCode status, string type = "api_error", string? code = null, string message = "Simulated Stripe failure.", string? path = null)
    {
        lock (_gate)
        {
            _failures.Add((path, status, type, code, message));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new FakeStripeRequest(
            request.Method.Method,
            request.RequestUri!.AbsolutePath,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            body)
        {
            Query = request.RequestUri.Query.TrimStart('?'),
        };
        lock (_gate)
        {
            _requests.Add(recorded);
            if (FailWhen?.Invoke(recorded) == true)
            {
                return Error(HttpStatusCode.InternalServerError, "api_error", null, "Simulated Stripe outage.");
            }

            var failing = _failures.FindIndex(f => f.Path is null || recorded.Path.StartsWith(f.Path, StringComparison.Ordinal));
            if (failing >= 0)
            {
                var failure = _failures[failing];
                _failures.RemoveAt(failing);
                return Error(failure.Status, failure.Type, failure.Code, failure.Message);
            }

            var key = recorded.Header("Idempotency-Key");
            if (key is not null && _idempotent.TryGetValue(key, out var earlier))
            {
                return earlier.Body == body
                    ? Json(earlier.Status, earlier.Json)
                    : Error(HttpStatusCode.BadRequest, "idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters they were first used with.");
            }

            var (status, json) = Route(recorded);
            if (key is not null && (int)status < 500)
            {
                _idempotent[key] = (body, status, json);
            }

            return LoseAnswerWhen?.Invoke(recorded) == true
                ? Error(HttpStatusCode.InternalServerError, "api_error", null, "Simulated lost answer.")
                : Json(status, json);
        }
    }

    private (HttpStatusCode, string) Route(FakeStripeRequest request)
    {
        var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, parts) switch
        {
            ("POST", ["v1", "checkout", "sessions"]) => Created(request),
            ("GET", ["v1", "checkout", "sessions", var id]) => Known(id, Ok),
            ("POST", ["v1", "checkout", "sessions", var id, "expire"]) => Known(id, Expire),
            ("POST", ["v1", "refunds"]) => Refund(request),
            ("GET", ["v1", "refunds"]) => ListRefunds(request),
            ("GET", ["v1", "payment_intents", var id]) => PaymentIntent(id),
            ("POST", ["v1", "transfers"]) => Transfer(request),
            ("POST", ["v1", "transfers", var id, "reversals"]) => Reverse(id, request),
            _ => ErrorJson(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"Unrecognized request URL ({request.Method}: {request.Path})."),
        };
    }

    private (HttpStatusCode, string) Created(FakeStripeRequest request)
    {
        var id = $"cs_test_{Interlocked.Increment(ref _next):D4}";
        var checkout = new FakeCheckout
        {
            Id = id,
            Url = $"https://checkout.stripe.test/c/pay/{id}",
            AmountTotal = long.Parse(request.Form("line_items[0][price_data][unit_amount]")!, System.Globalization.CultureInfo.InvariantCulture),
            Currency = request.Form("line_items[0][price_data][currency]")!,
            ClientReferenceId = request.Form("client_reference_id"),
            ExpiresAt = long.Parse(request.Form("expires_at")!, System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in request.FormFields.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            checkout.Metadata[key["metadata[".Length..^1]] = value;
        }

        const string intentMetadata = "payment_intent_data[metadata][";
        foreach (var (key, value) in request.FormFields.Where(f => f.Key.StartsWith(intentMetadata, StringComparison.Ordinal)))
        {
            checkout.PaymentIntentMetadata[key[intentMetadata.Length..^1]] = value;
        }

        _checkouts[id] = checkout;
        return Ok(checkout);
    }

    private (HttpStatusCode, string) Known(string id, Func<FakeCheckout, (HttpStatusCode, string)> act) =>
        _checkouts.TryGetValue(id, out var checkout)
            ? act(checkout)
            : ErrorJson(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"No such checkout.session: '{id}'");

    private static (HttpStatusCode, string) Ok(FakeCheckout checkout) => (HttpStatusCode.OK, checkout.ToJson().ToJsonString());

    private static (HttpStatusCode, string) Expire(FakeCheckout checkout)
    {
        if (checkout.Status != "open")
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", null, $"Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"{checkout.Status}\".");
        }

        checkout.Status = "expired";
        return Ok(checkout);
    }

    /// <summary>
    /// Refunds a PaymentIntent like Stripe: the amount asked (or whatever is left), never more than was charged; a fully refunded payment
    /// answers <c>charge_already_refunded</c>. The refund keeps its metadata.
    /// </summary>
    private (HttpStatusCode, string) Refund(FakeStripeRequest request)
    {
        var intent = request.Form("payment_intent")!;
        var checkout = _checkouts.Values.SingleOrDefault(c => c.PaymentIntentId == intent);
        if (checkout is null)
        {
            return ErrorJson(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"No such payment_intent: '{intent}'");
        }

        var left = (checkout.AmountTotal ?? 0) - _refunds.Where(r => r.PaymentIntentId == intent).Sum(r => r.Amount);
        if (left <= 0)
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", "charge_already_refunded", $"Charge for {intent} has already been refunded.");
        }

        var asked = request.Form("amount") is { } amount ? long.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) : left;
        if (asked <= 0 || asked > left)
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large", $"Refund amount ({asked}) is greater than the unrefunded amount on the charge ({left}).");
        }

        var metadata = request.FormFields.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["metadata[".Length..^1], f => f.Value, StringComparer.Ordinal);
        RefundCount++;
        return (HttpStatusCode.OK, AddRefund(intent, asked, checkout.Currency, metadata).ToJson().ToJsonString());
    }

    /// <summary>A paid checkout's PaymentIntent: its charge (<c>latest_charge</c>) and the metadata the checkout gave it.</summary>
    private (HttpStatusCode, string) PaymentIntent(string id)
    {
        if (_checkouts.Values.SingleOrDefault(c => c.PaymentIntentId == id) is not { } checkout)
        {
            return ErrorJson(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'");
        }

        var metadata = new JsonObject();
        foreach (var (key, value) in checkout.PaymentIntentMetadata)
        {
            metadata[key] = value;
        }

        return (HttpStatusCode.OK, new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = checkout.AmountTotal,
            ["currency"] = checkout.Currency,
            ["status"] = checkout.PaymentStatus == "paid" ? "succeeded" : "processing",
            ["latest_charge"] = checkout.PaymentStatus == "paid" ? ChargeOf(id) : null,
            ["metadata"] = metadata,
        }.ToJsonString());
    }

    /// <summary>
    /// A Connect transfer like Stripe's with <c>source_transaction</c>: to an <c>acct_</c> destination, from a paid charge in its currency,
    /// never more in total than the charge. Its metadata is kept.
    /// </summary>
    private (HttpStatusCode, string) Transfer(FakeStripeRequest request)
    {
        var destination = request.Form("destination");
        if (destination is null || !destination.StartsWith("acct_", StringComparison.Ordinal))
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", $"No such destination: '{destination}'");
        }

        var source = request.Form("source_transaction");
        var checkout = _checkouts.Values.SingleOrDefault(c => c.PaymentStatus == "paid" && c.PaymentIntentId is { } pi && ChargeOf(pi) == source);
        if (checkout is null)
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", $"No such charge: '{source}'");
        }

        var amount = long.Parse(request.Form("amount")!, System.Globalization.CultureInfo.InvariantCulture);
        var currency = request.Form("currency")!;
        var transferred = _transfers.Where(t => t.SourceTransaction == source).Sum(t => t.Amount);
        if (!string.Equals(currency, checkout.Currency, StringComparison.OrdinalIgnoreCase) || amount <= 0 || transferred + amount > (checkout.AmountTotal ?? 0))
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large",
                $"Transfers from charge {source} may not exceed its amount ({checkout.AmountTotal} {checkout.Currency}); {transferred} transferred, {amount} {currency} asked.");
        }

        var transfer = new FakeTransfer($"tr_test_{Interlocked.Increment(ref _next):D4}", amount, currency, destination, source!, UnixNow(), Metadata(request));
        _transfers.Add(transfer);
        return (HttpStatusCode.OK, transfer.ToJson(0).ToJsonString());
    }

    /// <summary>Reverses a transfer like Stripe: the amount asked, or whatever is left; a fully reversed transfer is refused.</summary>
    private (HttpStatusCode, string) Reverse(string transferId, FakeStripeRequest request)
    {
        if (_transfers.SingleOrDefault(t => t.Id == transferId) is not { } transfer)
        {
            return ErrorJson(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"No such transfer: '{transferId}'");
        }

        var left = transfer.Amount - _reversals.Where(r => r.TransferId == transferId).Sum(r => r.Amount);
        var asked = request.Form("amount") is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : left;
        if (left <= 0 || asked <= 0 || asked > left)
        {
            return ErrorJson(HttpStatusCode.BadRequest, "invalid_request_error", null, $"Transfer {transferId} has {left} left to reverse; {asked} asked.");
        }

        var reversal = new FakeTransferReversal($"trr_test_{Interlocked.Increment(ref _next):D4}", transferId, asked, transfer.Currency, UnixNow(), Metadata(request));
        _reversals.Add(reversal);
        return (HttpStatusCode.OK, reversal.ToJson().ToJsonString());
    }

    private static Dictionary<string, string> Metadata(FakeStripeRequest request) =>
        request.FormFields.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["metadata[".Length..^1], f => f.Value, StringComparer.Ordinal);

    private (HttpStatusCode, string) ListRefunds(FakeStripeRequest request)
    {
        var intent = request.QueryValue("payment_intent");
        var data = new JsonArray([.. _refunds.Where(r => intent is null || r.PaymentIntentId == intent).Reverse().Select(r => (JsonNode)r.ToJson())]);
        return (HttpStatusCode.OK, new JsonObject { ["object"] = "list", ["url"] = "/v1/refunds", ["has_more"] = false, ["data"] = data }.ToJsonString());
    }

    private FakeRefund AddRefund(string intent, long amount, string currency, Dictionary<string, string> metadata)
    {
        var refund = new FakeRefund($"re_test_{Interlocked.Increment(ref _next):D4}", intent, amount, currency, UnixNow(), metadata);
        _refunds.Add(refund);
        return refund;
    }

    private static (HttpStatusCode, string) ErrorJson(HttpStatusCode status, string type, string? code, string message) =>
        (status, new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message } }.ToJsonString());

    private static HttpResponseMessage Error(HttpStatusCode status, string type, string? code, string message)
    {
        var (s, json) = ErrorJson(status, type, code, message);
        return Json(s, json);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        response.Headers.Add("Request-Id", "req_fake_" + Guid.NewGuid().ToString("N")[..12]);
        return response;
    }
}

/// <summary>One request the fake received.</summary>
public sealed record FakeStripeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> FormFields { get; } = ParseForm(Body);

    /// <summary>The query string, without its <c>?</c>.</summary>
    public string Query { get; init; } = string.Empty;

    public string? QueryValue(string key) => ParseForm(Query).Where(f => f.Key == key).Select(f => f.Value).FirstOrDefault();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Form(string key) => FormFields.Where(f => f.Key == key).Select(f => f.Value).FirstOrDefault();

    private static List<KeyValuePair<string, string>> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => KeyValuePair.Create(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : string.Empty))
            .ToList();

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}

/// <summary>A Checkout Session as the fake keeps it.</summary>
public sealed class FakeCheckout
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    public string Status { get; set; } = "open";

    public string PaymentStatus { get; set; } = "unpaid";

    public long? AmountTotal { get; set; }

    public string Currency { get; set; } = "usd";

    public string? ClientReferenceId { get; set; }

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public string? PaymentIntentId { get; set; }

    /// <summary>The metadata the checkout gave its PaymentIntent (<c>payment_intent_data[metadata]</c>).</summary>
    public Dictionary<string, string> PaymentIntentMetadata { get; } = new(StringComparer.Ordinal);

    public long ExpiresAt { get; set; }

    public JsonObject ToJson()
    {
        var metadata = FakeMetadata.ToJson(Metadata);

        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["status"] = Status,
            ["payment_status"] = PaymentStatus,
            ["amount_total"] = AmountTotal,
            ["currency"] = Currency,
            ["client_reference_id"] = ClientReferenceId,
            ["metadata"] = metadata,
            ["payment_intent"] = PaymentIntentId,
            ["expires_at"] = ExpiresAt,
            ["url"] = Status == "open" ? Url : null,
            ["livemode"] = false,
        };
    }
}

/// <summary>A refund as the fake keeps it.</summary>
public sealed record FakeRefund(string Id, string PaymentIntentId, long Amount, string Currency, long Created, IReadOnlyDictionary<string, string> Metadata)
{
    public JsonObject ToJson()
    {
        var metadata = FakeMetadata.ToJson(Metadata);

        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "refund",
            ["payment_intent"] = PaymentIntentId,
            ["status"] = "succeeded",
            ["amount"] = Amount,
            ["currency"] = Currency,
            ["created"] = Created,
            ["metadata"] = metadata,
        };
    }
}

/// <summary>A Connect transfer as the fake keeps it.</summary>
public sealed record FakeTransfer(
    string Id, long Amount, string Currency, string Destination, string SourceTransaction, long Created, IReadOnlyDictionary<string, string> Metadata)
{
    public JsonObject ToJson(long reversed)
    {
        var metadata = FakeMetadata.ToJson(Metadata);

        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "transfer",
            ["amount"] = Amount,
            ["amount_reversed"] = reversed,
            ["currency"] = Currency,
            ["destination"] = Destination,
            ["source_transaction"] = SourceTransaction,
            ["created"] = Created,
            ["reversed"] = reversed >= Amount,
            ["metadata"] = metadata,
            ["livemode"] = false,
        };
    }
}

/// <summary>A transfer reversal as the fake keeps it.</summary>
public sealed record FakeTransferReversal(string Id, string TransferId, long Amount, string Currency, long Created, IReadOnlyDictionary<string, string> Metadata)
{
    public JsonObject ToJson()
    {
        var metadata = FakeMetadata.ToJson(Metadata);

        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "transfer_reversal",
            ["amount"] = Amount,
            ["currency"] = Currency,
            ["transfer"] = TransferId,
            ["created"] = Created,
            ["metadata"] = metadata,
        };
    }
}

/// <summary>Stripe's <c>metadata</c> object of the fake's records.</summary>
internal static class FakeMetadata
{
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> metadata)
    {
        var json = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            json[key] = value;
        }

        return json;
    }
}
