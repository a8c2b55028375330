package dev.atrium.web.dashboard;

import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;

import org.jsoup.nodes.Element;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signs a scripted browser in to the dashboard through /authorize and the hosted login page. */
public final class DashboardFixture {
    public static final String ADMIN = "admin@example.com";
    public static final String PASSWORD = "Adm1n-Passw0rd!";

    private DashboardFixture() {
    }

    public static TestAtrium server() {
        return new TestAtrium(c -> c.withAdmin(ADMIN, PASSWORD));
    }

    /** A browser holding a dashboard session of {@code email}; returns the page the sign-in ended on. */
    public static TestBrowser.Page signIn(TestBrowser browser, String path, String email, String password) {
        TestBrowser.Page page = browser.get(path);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith("/authorize?");
        page = browser.follow(page);
        assertThat(page.screen()).isEqualTo("login");
        return browser.follow(browser.submit(page, "form", Map.of("username", email, "password", password)));
    }

    public static TestBrowser admin(TestAtrium atrium) {
        TestBrowser browser = new TestBrowser(atrium.baseUrl());
        TestBrowser.Page home = signIn(browser, "/dashboard", ADMIN, PASSWORD);
        assertThat(home.status()).as(home.body()).isEqualTo(200);
        return browser;
    }

    /**
     * Submits a dashboard form as a browser would: checked boxes and radios only, selected options,
     * textareas, no disabled fields. {@code values} replaces a field's values (a String or a List; an
     * empty list unchecks everything of that name).
     */
    public static TestBrowser.Page submit(TestBrowser browser, TestBrowser.Page page, String selector, Map<String, Object> values) {
        Element form = page.doc().selectFirst(selector);
        if (form == null) {
            throw new AssertionError("no form " + selector + " on " + page.uri() + ": " + page.body());
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (Element e : form.select("input[name], select[name], textarea[name]")) {
            String name = e.attr("name");
            if (e.hasAttr("disabled") || values.containsKey(name)) {
                continue;
            }
            String type = e.attr("type");
            if (e.tagName().equals("select")) {
                Element opt = e.selectFirst("option[selected]");
                if (opt == null) {
                    opt = e.selectFirst("option");
                }
                if (opt != null) {
                    fields.add(new AbstractMap.SimpleEntry<>(name, opt.attr("value")));
                }
            } else if (e.tagName().equals("textarea")) {
                fields.add(new AbstractMap.SimpleEntry<>(name, e.wholeText()));
            } else if ((type.equals("checkbox") || type.equals("radio")) && !e.hasAttr("checked")) {
                continue;
            } else {
                fields.add(new AbstractMap.SimpleEntry<>(name, e.attr("value")));
            }
        }
        values.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                list.forEach(x -> fields.add(new AbstractMap.SimpleEntry<>(k, String.valueOf(x))));
            } else {
                fields.add(new AbstractMap.SimpleEntry<>(k, String.valueOf(v)));
            }
        });
        return browser.post(form.absUrl("action"), fields);
    }

    /** Submits, expects the confirmation page, confirms, and follows the redirect to the result page. */
    static TestBrowser.Page submitConfirmed(TestBrowser browser, TestBrowser.Page page, String selector, Map<String, Object> values) {
        TestBrowser.Page confirm = submit(browser, page, selector, values);
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.doc().select("form[data-form=confirm]")).isNotEmpty();
        TestBrowser.Page done = submit(browser, confirm, "form[data-form=confirm]", Map.of());
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        return browser.open(done.location());
    }

    /** Submits a form and follows the post/redirect/get; asserts the success message. */
    public static TestBrowser.Page ok(TestBrowser browser, TestBrowser.Page page, String form, Map<String, Object> values) {
        TestBrowser.Page r = submit(browser, page, "form[data-form=" + form + "]", values);
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        TestBrowser.Page next = browser.open(r.location());
        assertThat(next.doc().select("[data-flash=success]")).as(next.body()).isNotEmpty();
        return next;
    }

    /** A Management API read that must succeed. */
    public static tools.jackson.databind.JsonNode mgmt(TestAtrium atrium, String path) {
        TestAtrium.Response r = atrium.mgmt("GET", path, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
