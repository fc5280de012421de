using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewBooking.AspNetCore.Contracts;
using InterviewBooking.Stripe;
using InterviewBooking.Stripe.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>
/// Every endpoint of <c>MapInterviewBookingApi</c>, <c>MapStripeWebhook</c> and the simulated gateway's webhook, walked with bad ids
/// (unknown, malformed, over-long, blank), bad JSON, missing fields and wrong types: none answers 5xx, and each answers a problem details
/// document whose title and detail (or field errors) a person can read.
/// </summary>
public sealed class BadInputApiTests(BadInputApiTests.Hosts hosts) : IClassFixture<BadInputApiTests.Hosts>
{
    private static readonly string OverLong = new('x', IdText.MaxLength + 1);
    private static readonly string Huge = new('x', 20_000);

    // Long, yet inside Kestrel's request-line limit (a longer one is refused with 414 before any endpoint runs).
    private static readonly string VeryLongId = new('x', 4_000);

    /// <summary>Ids no booking has: unknown, malformed (escaped in the path), over-long, blank.</summary>
    public static TheoryData<string> BadIds => new()
    {
        "ps_unknown",
        "%20",
        "%09",
        "..%2F..%2Fetc%2Fpasswd",
        "%E2%98%83%F0%9F%98%80",
        "%27%3B%20DROP%20TABLE%20sessions%3B--",
        OverLong,
        VeryLongId,
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Reading_a_bad_id_is_a_404_problem(string id) =>
        await AssertProblemAsync(await hosts.Api.Client().GetAsync($"/bookings/{id}"), HttpStatusCode.NotFound);

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Canceling_a_bad_id_is_a_404_problem_with_or_without_a_body(string id)
    {
        using var http = hosts.Api.Client();
        await AssertProblemAsync(await http.PostAsync($"/bookings/{id}/cancel", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await http.PostAsync($"/bookings/{id}/cancel", Json("""{"reason":"changed my mind"}""")), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Rescheduling_a_bad_id_is_a_404_problem(string id)
    {
        var body = JsonSerializer.Serialize(new RescheduleBody { SlotStart = hosts.Api.NextMondayAt(15) }, ApiHost.Json);
        await AssertProblemAsync(await hosts.Api.Client().PostAsync($"/bookings/{id}/reschedule", Json(body)), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Rating_or_rebooking_a_bad_id_is_a_404_problem(string id)
    {
        using var http = hosts.Api.Client();
        await AssertProblemAsync(await http.PostAsync($"/bookings/{id}/rating", Json("""{"stars":5,"comment":"Clear questions."}""")), HttpStatusCode.NotFound);
        var rebook = JsonSerializer.Serialize(new RebookBody { SlotStart = hosts.Api.NextMondayAt(15), Skills = ["Java"] }, ApiHost.Json);
        await AssertProblemAsync(await http.PostAsync($"/bookings/{id}/rebook", Json(rebook)), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    [InlineData("cs_sim_ps_unknown")]
    [InlineData("cs_sim_%20")]
    [InlineData("cs_sim_")]
    public async Task The_return_check_of_a_bad_checkout_id_is_a_4xx_problem(string id) =>
        await AssertProblemAsync(await hosts.Api.Client().GetAsync($"/checkout/return?session_id={id}"));

    /// <summary>
    /// An empty id segment matches no route (or another method's), so ASP.NET Core answers before any endpoint: a problem details document
    /// when the host renders status codes with <c>UseStatusCodePages()</c> (as this host does), never a server error.
    /// </summary>
    [Theory]
    [InlineData("GET", "/bookings/")]
    [InlineData("POST", "/bookings//cancel")]
    [InlineData("POST", "/bookings//reschedule")]
    [InlineData("POST", "/bookings//rating")]
    [InlineData("POST", "/bookings//rebook")]
    [InlineData("GET", "/checkout/return?session_id")]
    public async Task An_empty_id_segment_is_a_4xx_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : Json("{}") };

        await AssertProblemAsync(await hosts.Api.Client().SendAsync(request), detailRequired: false);
    }

    /// <summary>Bodies that are not the JSON object asked for, whatever the endpoint.</summary>
    public static TheoryData<string, string> BrokenBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "/bookings", "/bookings/preview", "/slots/search", "{booked}/reschedule", "{booked}/cancel", "{booked}/rating", "{booked}/rebook" })
        {
            foreach (var body in new[] { "{", "[1,2", "null", "\"text\"", "42", "[]", "{\"a\":}", "{\"candidateName\":\"\u0000\u0001\"" })
            {
                data.Add(endpoint, body);
            }

            // An empty body is no body: a cancel without one is a valid cancel.
            if (!endpoint.EndsWith("/cancel", StringComparison.Ordinal))
            {
                data.Add(endpoint, "");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task A_body_that_is_not_a_json_object_is_a_4xx_problem(string endpoint, string body) =>
        await AssertProblemAsync(await hosts.Api.Client().PostAsync(await hosts.PathAsync(endpoint), Json(body)));

    [Theory]
    [InlineData("/bookings")]
    [InlineData("/bookings/preview")]
    [InlineData("/slots/search")]
    [InlineData("{booked}/reschedule")]
    [InlineData("{booked}/cancel")]
    [InlineData("{booked}/rating")]
    [InlineData("{booked}/rebook")]
    public async Task A_body_that_is_not_json_is_a_415_problem(string endpoint)
    {
        using var http = hosts.Api.Client();
        var path = await hosts.PathAsync(endpoint);

        // Routing refuses the media type before the endpoint runs (the endpoints declare they accept JSON); the host's status code pages
        // render it. With no Content-Type at all the endpoint answers itself, naming what it expects.
        await AssertProblemAsync(
            await http.PostAsync(path, new StringContent("candidateName=Casey", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType, detailRequired: false);
        var bare = new ByteArrayContent("candidateName=Casey"u8.ToArray());
        await AssertProblemAsync(await http.PostAsync(path, bare), HttpStatusCode.UnsupportedMediaType, detailRequired: false);
    }

    [Theory]
    [InlineData("/bookings")]
    [InlineData("/bookings/preview")]
    [InlineData("/slots/search")]
    [InlineData("{booked}/reschedule")]
    [InlineData("{booked}/rating")]
    [InlineData("{booked}/rebook")]
    public async Task An_empty_object_is_a_validation_problem_naming_the_missing_fields(string endpoint)
    {
        using var response = await hosts.Api.Client().PostAsync(await hosts.PathAsync(endpoint), Json("{}"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem["errors"]!.AsObject());
    }

    /// <summary>A valid start or search with one field of the wrong type, out of range or absurd.</summary>
    public static TheoryData<string, string, string> BadFields()
    {
        var data = new TheoryData<string, string, string>();
        string[] common =
        [
            """{"experienceYears":"many"}""", """{"experienceYears":99999999999}""", """{"experienceYears":-1}""", """{"experienceYears":1.5}""",
            """{"skills":"Java"}""", """{"skills":[null]}""", """{"skills":[1,2]}""", """{"skillCategories":[null]}""", """{"skillCategories":{"a":1}}""",
            $$"""{"skills":["{{Huge}}"]}""", """{"timeZone":"Mars/Olympus"}""", """{"timeZone":null}""", $$"""{"timeZone":"{{Huge}}"}""",
            """{"planId":"no-such-plan"}""", """{"planId":7}""", $$"""{"planId":"{{Huge}}"}""",
        ];
        string[] start =
        [
            """{"slotStart":"next tuesday"}""", """{"slotStart":12}""", """{"slotStart":null}""", """{"slotStart":"9999-12-31T23:59:59Z"}""",
            """{"slotStart":"-9998-01-01T00:00:00Z"}""", """{"slotStart":"2000-01-01T00:00:00Z"}""",
            """{"candidateName":""}""", """{"candidateName":null}""", $$"""{"candidateName":"{{Huge}}"}""", """{"candidateEmail":"not an email"}""",
            $$"""{"candidateEmail":"{{Huge}}@example.org"}""", """{"addOns":[1]}""", """{"addOns":["no-such-add-on"]}""", """{"addOns":[null]}""",
            """{"couponCode":""}""", $$"""{"couponCode":"{{Huge}}"}""", """{"couponCode":"NOSUCHCOUPON"}""", """{"idempotencyKey":""}""",
            $$"""{"idempotencyKey":"{{Huge}}"}""", """{"previewToken":"garbage"}""", """{"previewToken":""}""", $$"""{"previewToken":"{{Huge}}"}""",
            """{"previewToken":"a.b.c"}""",
        ];
        string[] search =
        [
            """{"from":"someday"}""", """{"from":"9999-12-31"}""", """{"from":"-9998-01-01"}""", """{"from":"2000-01-01"}""", """{"days":0}""",
            """{"days":100000}""", """{"days":"x"}""", """{"maxSlots":0}""", """{"maxSlots":1e100}""", """{"maxSlots":-5}""",
        ];
        foreach (var field in common.Concat(start))
        {
            data.Add("/bookings", "start", field);

            // A preview issues the token; it reads none.
            if (!field.Contains("previewToken", StringComparison.Ordinal))
            {
                data.Add("/bookings/preview", "start", field);
            }
        }

        foreach (var field in common.Concat(search))
        {
            data.Add("/slots/search", "search", field);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_field_of_the_wrong_type_or_out_of_range_is_a_4xx_problem(string endpoint, string shape, string field)
    {
        var body = shape == "start" ? hosts.ValidStart() : hosts.ValidSearch();
        foreach (var (name, value) in JsonNode.Parse(field)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        await AssertProblemAsync(await hosts.Api.Client().PostAsync(endpoint, Json(body.ToJsonString())));
    }

    [Theory]
    [InlineData("""{"slotStart":"next tuesday"}""")]
    [InlineData("""{"slotStart":12}""")]
    [InlineData("""{"slotStart":null}""")]
    [InlineData("""{"slotStart":"9999-12-31T23:59:59Z"}""")]
    [InlineData("""{"slotStart":"-9998-01-01T00:00:00Z"}""")]
    [InlineData("""{"slotStart":"2000-01-01T00:00:00Z"}""")]
    [InlineData("""{"slotStart":["2026-12-07T10:00:00Z"]}""")]
    public async Task A_bad_reschedule_is_a_4xx_problem_and_leaves_the_booking_as_it_was(string body)
    {
        var path = await hosts.PathAsync("{booked}/reschedule");
        using var http = hosts.Api.Client();
        var before = await http.GetStringAsync(path[..^"/reschedule".Length]);

        await AssertProblemAsync(await http.PostAsync(path, Json(body)));

        Assert.Equal(before, await http.GetStringAsync(path[..^"/reschedule".Length]));
    }

    [Theory]
    [InlineData("""{"stars":0}""")]
    [InlineData("""{"stars":6}""")]
    [InlineData("""{"stars":-2147483648}""")]
    [InlineData("""{"stars":1e100}""")]
    [InlineData("""{"stars":2.5}""")]
    [InlineData("""{"stars":"five"}""")]
    [InlineData("""{"stars":null}""")]
    [InlineData("""{"stars":5,"comment":7}""")]
    [InlineData("""{"stars":5,"comment":["a"]}""")]
    [InlineData("""{"stars":5,"comment":"HUGE"}""")]
    [InlineData("""{"stars":5}""")]
    public async Task A_bad_rating_is_a_4xx_problem_and_rates_nothing(string body)
    {
        // A booked interview that has not taken place cannot be rated either (409); the malformed ones are 400 before that.
        var path = await hosts.PathAsync("{booked}/rating");
        using var http = hosts.Api.Client();

        await AssertProblemAsync(await http.PostAsync(path, Json(body.Replace("HUGE", Huge, StringComparison.Ordinal))));

        var after = await http.GetFromJsonAsync<BookingView>(path[..^"/rating".Length], ApiHost.Json);
        Assert.Equal("Scheduled", after!.Interview!.Status);
        Assert.Null(after.Interview.Rating);
    }

    [Theory]
    [InlineData("""{"slotStart":"next tuesday"}""")]
    [InlineData("""{"slotStart":null}""")]
    [InlineData("""{"slotStart":"9999-12-31T23:59:59Z"}""")]
    [InlineData("""{"slotStart":"-9998-01-01T00:00:00Z"}""")]
    [InlineData("""{"slotStart":"2000-01-01T00:00:00Z","skills":["Java"]}""")]
    [InlineData("""{"slotStart":"2026-12-07T10:00:00Z","experienceYears":-1}""")]
    [InlineData("""{"slotStart":"2026-12-07T10:00:00Z","experienceYears":"many"}""")]
    [InlineData("""{"slotStart":"2026-12-07T10:00:00Z","skills":"Java"}""")]
    [InlineData("""{"slotStart":"2026-12-07T10:00:00Z","skills":[null]}""")]
    [InlineData("""{"slotStart":"2026-12-07T10:00:00Z","skills":["Java"]}""")]
    public async Task A_bad_rebooking_is_a_4xx_problem_and_leaves_the_booking_as_it_was(string body)
    {
        // The booking's interviewer neither canceled nor missed it: even a well-formed choice is refused (409), never a 5xx.
        var path = await hosts.PathAsync("{booked}/rebook");
        using var http = hosts.Api.Client();
        var before = await http.GetStringAsync(path[..^"/rebook".Length]);

        await AssertProblemAsync(await http.PostAsync(path, Json(body)));

        Assert.Equal(before, await http.GetStringAsync(path[..^"/rebook".Length]));
    }

    [Theory]
    [InlineData("""{"reason":5}""")]
    [InlineData("""{"reason":["a"]}""")]
    public async Task A_cancel_with_a_reason_of_the_wrong_type_is_a_400_problem_and_cancels_nothing(string body)
    {
        var path = await hosts.PathAsync("{booked}/cancel");
        using var http = hosts.Api.Client();

        await AssertProblemAsync(await http.PostAsync(path, Json(body)), HttpStatusCode.BadRequest);

        var after = await http.GetFromJsonAsync<BookingView>(path[..^"/cancel".Length], ApiHost.Json);
        Assert.Equal("Booked", after!.Status);
    }

    [Fact]
    public async Task Without_a_preview_key_a_preview_is_a_404_problem_and_a_start_with_a_token_a_400_naming_it()
    {
        await using var host = await ApiHost.StartAsync(builder => builder.Services.Configure<InterviewBookingOptions>(o => o.PreviewTokenKey = null));
        using var http = host.Client();
        var start = JsonSerializer.SerializeToNode(host.Body(host.NextMondayAt(13)), ApiHost.Json)!.AsObject();
        var preview = start.ToJsonString();
        start["previewToken"] = "a.b.c";

        await AssertProblemAsync(await http.PostAsync("/bookings/preview", Json(preview)), HttpStatusCode.NotFound);
        var refused = await AssertProblemAsync(await http.PostAsync("/bookings", Json(start.ToJsonString())), HttpStatusCode.BadRequest);

        Assert.True(refused["errors"]!.AsObject().ContainsKey("previewToken"));
        Assert.Empty(host.App.Services.GetRequiredService<InMemory.SimulatedPaymentGateway>().Checkouts);
    }

    /// <summary>Deliveries the Stripe webhook refuses: unsigned, badly signed, signed but not an event, too large.</summary>
    public static TheoryData<string, string?, int> BadStripeDeliveries()
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var notAnEvent = "{\"id\":";
        var noSession = StripeEvents.Body(StripeCheckoutEvents.Completed, new JsonObject { ["id"] = "cs_test_x", ["object"] = "checkout.session" });
        var overLongSession = StripeEvents.Body(StripeCheckoutEvents.Completed, new JsonObject
        {
            ["id"] = "cs_test_y",
            ["object"] = "checkout.session",
            ["client_reference_id"] = Huge,
            ["metadata"] = new JsonObject { ["payment_session_id"] = Huge },
        });
        return new TheoryData<string, string?, int>
        {
            { "{}", null, 400 },
            { "{}", "", 400 },
            { "{}", "garbage", 400 },
            { "{}", "t=1,v1=00", 400 },
            { "{}", StripeEvents.Sign("{\"other\":1}", now), 400 },
            { notAnEvent, StripeEvents.Sign(notAnEvent, now), 400 },
            { "[]", StripeEvents.Sign("[]", now), 400 },
            { noSession, StripeEvents.Sign(noSession, now), 0 },
            { overLongSession, StripeEvents.Sign(overLongSession, now), 0 },
        };
    }

    [Theory]
    [MemberData(nameof(BadStripeDeliveries))]
    public async Task A_bad_stripe_delivery_is_a_4xx_problem(string body, string? signature, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = Json(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        using var response = await hosts.Stripe.Client().SendAsync(request);

        await AssertProblemAsync(response, status == 0 ? null : (HttpStatusCode)status);
    }

    [Fact]
    public async Task A_stripe_delivery_over_the_size_limit_is_a_413_problem_unread()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = Json("{\"pad\":\"" + new string('x', 300 * 1024) + "\"}") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", "t=1,v1=00");

        await AssertProblemAsync(await hosts.Stripe.Client().SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_webhook_of_a_provider_not_registered_is_a_404_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = Json("{}") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", "t=1,v1=00");

        await AssertProblemAsync(await hosts.Api.Client().SendAsync(request), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}", null, 400)]
    [InlineData("{", "any", 400)]
    [InlineData("[]", "any", 400)]
    [InlineData("""{"type":1,"checkout":"cs_sim_x"}""", "any", 400)]
    [InlineData("""{"type":"checkout.completed"}""", "any", 400)]
    [InlineData("""{"type":"checkout.completed","checkout":"cs_sim_ps_unknown"}""", "any", 404)]
    [InlineData("""{"type":"checkout.completed","checkout":"cs_other"}""", "any", 404)]
    [InlineData("""{"type":"checkout.completed","checkout":"cs_sim_ "}""", "any", 404)]
    [InlineData("""{"type":"checkout.refunded","checkout":"{booked-checkout}"}""", "any", 400)]
    public async Task A_bad_simulated_delivery_is_a_4xx_problem(string body, string? signature, int status)
    {
        var booked = await hosts.PathAsync("{booked}");
        body = body.Replace("{booked-checkout}", "cs_sim_" + booked.Split('/')[^1], StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/simulated") { Content = Json(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Simulated-Signature", signature);
        }

        await AssertProblemAsync(await hosts.Api.Client().SendAsync(request), (HttpStatusCode)status);
    }

    [Fact]
    public async Task An_over_long_simulated_checkout_id_is_a_404_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/simulated")
        {
            Content = Json($$"""{"type":"checkout.completed","checkout":"cs_sim_{{Huge}}"}"""),
        };
        request.Headers.TryAddWithoutValidation("Simulated-Signature", "any");

        await AssertProblemAsync(await hosts.Api.Client().SendAsync(request), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_simulated_webhook_pays_a_checkout_over_http_and_a_redelivery_books_nothing_more()
    {
        using var http = hosts.Api.Client();
        var started = await hosts.Api.StartAsync(http, hosts.Api.NextMondayAt(11));
        var body = $$"""{"type":"checkout.completed","checkout":"cs_sim_{{started.Id}}"}""";

        var first = await DeliverSimulatedAsync(http, body);
        var second = await DeliverSimulatedAsync(http, body);
        var booking = await http.GetFromJsonAsync<BookingView>($"/bookings/{started.Id}", ApiHost.Json);

        Assert.Equal("Booked", first["status"]!.GetValue<string>());
        Assert.Equal("Booked", second["status"]!.GetValue<string>());
        Assert.Equal("Booked", booking!.Status);
        Assert.Single(hosts.Api.App.Services.GetRequiredService<InMemory.RecordingInterviewScheduler>().Interviews, i => i.Request.PaymentSessionId.Value == started.Id);
    }

    private static async Task<JsonNode> DeliverSimulatedAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/simulated") { Content = Json(body) };
        request.Headers.Add("Simulated-Signature", "test");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Asserts a 4xx (the one given, when given) with a problem details body a person can read, and returns that body.</summary>
    /// <remarks>
    /// With <paramref name="detailRequired"/> false, the title alone may carry the message: ASP.NET Core's own answers (no route, a media
    /// type the endpoint does not accept) are rendered by the host's status code pages with the status's title only.
    /// </remarks>
    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode? expected = null, bool detailRequired = true)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{response.RequestMessage!.Method} {Shorten(response.RequestMessage.RequestUri!.PathAndQuery)} answered {status}: {Shorten(text)}");
            if (expected is { } code)
            {
                Assert.True(response.StatusCode == code, $"expected {(int)code}, got {status}: {Shorten(text)}");
            }

            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!.AsObject();
            Assert.Equal(status, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), text);
            var messages = new List<string>();
            if (!detailRequired)
            {
                messages.Add(problem["title"]!.GetValue<string>());
            }

            if (problem["detail"]?.GetValue<string>() is { } detail)
            {
                messages.Add(detail);
            }

            if (problem["errors"] is JsonObject errors)
            {
                messages.AddRange(errors.SelectMany(e => e.Value!.AsArray().Select(m => e.Key + ": " + m!.GetValue<string>())));
            }

            Assert.NotEmpty(messages);
            Assert.All(messages, m =>
            {
                Assert.True(m.Trim().Length >= 8, $"not a message a person can act on: '{m}'");
                Assert.DoesNotContain("   at ", m, StringComparison.Ordinal);
                Assert.DoesNotContain("Exception", m, StringComparison.Ordinal);
                Assert.True(m.Length <= 1_000, $"a message that echoes the input back: {Shorten(m)}");
            });
            return problem;
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>The API host on the simulated gateway (with one booked session), and a second host on Stripe for its webhook.</summary>
    public sealed class Hosts : IAsyncLifetime, IDisposable
    {
        private readonly FakeStripeApi _stripeApi = new();
        private string? _booked;

        internal ApiHost Api { get; private set; } = null!;

        internal ApiHost Stripe { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Api = await ApiHost.StartAsync(map: app =>
            {
                app.UseStatusCodePages();
                app.MapStripeWebhook();
                app.MapPaymentWebhook("/webhooks/simulated", "simulated");
            });
            Stripe = await ApiHost.StartAsync(
                builder =>
                {
                    builder.Services.AddSingleton<IStripeClient>(_stripeApi.CreateClient());
                    builder.Services.Configure<InterviewBookingOptions>(o => o.HoldDuration = Duration.FromMinutes(35));
                },
                adapters => adapters.AddStripePayments(o =>
                {
                    o.SecretKey = FakeStripeApi.ApiKey;
                    o.WebhookSecret = StripeEvents.Secret;
                    o.SuccessUrl = StripeFixture.SuccessUrl;
                    o.CancelUrl = StripeFixture.CancelUrl;
                }),
                app => app.MapStripeWebhook());
        }

        public async Task DisposeAsync()
        {
            await Api.DisposeAsync();
            await Stripe.DisposeAsync();
        }

        public void Dispose() => _stripeApi.Dispose();

        /// <summary>The endpoint, with <c>{booked}</c> standing for a booking of the caller that is paid and booked.</summary>
        public async Task<string> PathAsync(string endpoint)
        {
            if (!endpoint.Contains("{booked}", StringComparison.Ordinal))
            {
                return endpoint;
            }

            if (_booked is null)
            {
                using var http = Api.Client();
                var started = await Api.StartAsync(http, Api.NextMondayAt(9));
                await Api.PayAsync(started.Id);
                _booked = started.Id;
            }

            return endpoint.Replace("{booked}", "/bookings/" + _booked, StringComparison.Ordinal);
        }

        public JsonObject ValidStart() => JsonSerializer.SerializeToNode(Api.Body(Api.NextMondayAt(13)), ApiHost.Json)!.AsObject();

        public JsonObject ValidSearch() => new()
        {
            ["experienceYears"] = 4,
            ["skillCategories"] = new JsonArray("Backend"),
            ["skills"] = new JsonArray("Java"),
            ["timeZone"] = "Europe/London",
            ["planId"] = "mock-30",
        };
    }
}
