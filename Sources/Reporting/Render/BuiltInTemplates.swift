import Segmentation
/// The default correspondence templates (Mustache), one set per channel; `tone` is `friendly`
/// for a policy's first level, `final` for its last, `firm` between.
enum BuiltInTemplates {
    static let all: [String: String] = [
        "email.subject": "{{#invoice_count}}Payment reminder for account {{account_id}}: {{total}} open{{/invoice_count}}",
        "email.text": """
        Dear customer,

        This is a {{tone}} reminder ({{level_action}}): our records show these invoices of account {{account_id}}
        as open on {{date}}.

        {{#invoices}}
        - Invoice {{invoice_id}} dated {{invoice_date}}, due {{due_date}}: {{open_amount}} open ({{days_past_due}} days past due)
        {{/invoices}}

        Total open: {{total}}

        If you have already paid, please ignore this message. If something is wrong with an invoice, reply and
        we will look into it.

        Kind regards,
        Accounts receivable

        """,
        "email.html": """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Payment reminder {{account_id}}</title></head>
        <body style="font-family:system-ui,sans-serif;color:#1f2933">
        <p>Dear customer,</p>
        <p>This is a {{tone}} reminder (<strong>{{level_action}}</strong>): our records show these invoices of account {{account_id}} as open on {{date}}.</p>
        <table style="border-collapse:collapse">
        <thead><tr><th align="left">Invoice</th><th align="left">Date</th><th align="left">Due</th><th align="right">Open</th><th align="right">Days past due</th></tr></thead>
        <tbody>
        {{#invoices}}
        <tr><td>{{invoice_id}}</td><td>{{invoice_date}}</td><td>{{due_date}}</td><td align="right">{{open_amount}}</td><td align="right">{{days_past_due}}</td></tr>
        {{/invoices}}
        </tbody>
        </table>
        <p>Total open: <strong>{{total}}</strong></p>
        <p>If you have already paid, please ignore this message. If something is wrong with an invoice, reply and we will look into it.</p>
        <p>Kind regards,<br>Accounts receivable</p>
        </body></html>

        """,
        "letter.text": """
        Account {{account_id}}                                         {{date}}

        Re: {{level_action}}

        Dear customer,

        {{#invoice_count}}The following invoices are open on your account:{{/invoice_count}}

        {{#invoices}}
          Invoice {{invoice_id}}  dated {{invoice_date}}  due {{due_date}}  open {{open_amount}}  ({{days_past_due}} days past due)
        {{/invoices}}

          Total open: {{total}}

        Please arrange payment or contact us about any invoice you dispute. This is a {{tone}} notice.

        Yours faithfully,
        Accounts receivable

        """,
    ]
}
