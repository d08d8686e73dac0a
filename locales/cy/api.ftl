# The API's own refusals (src/api): English unless the client sends
# Accept-Language: cy. The codes never change.

api-error-code = Rhaid i { $name } fod yn god o 2 i 16 o lythrennau, rhifau, cysylltnodau neu danlinellau.
api-error-method = Nid yw'r cyfeiriad hwn yn derbyn y dull hwnnw.
api-error-too-large = Mae'r corff yn fwy na { $kib } KiB.
api-error-content-type = Anfonwch y corff fel JSON gyda Content-Type: application/json.
api-error-json = Nid oedd modd darllen y corff JSON: { $detail }.
api-error-query = Nid oedd modd darllen y llinyn ymholiad: { $detail }.
api-error-token = Anfonwch docyn API dilys fel Authorization: Bearer <tocyn>. Caiff tocynnau eu gwneud gyda `s136 token create` neu ar y dudalen Tocynnau.
api-error-status = Rhaid i status fod yn awaiting_handover, handed_over, ended neu cancelled.
api-error-breached = Rhaid i breached fod yn true neu false.
api-error-from = Rhaid i from fod yn amser RFC 3339 neu'n ddyddiad fel 2026-11-01.
api-error-to = Rhaid i to fod yn amser RFC 3339 neu'n ddyddiad fel 2026-11-30.
api-error-limit = Rhaid i limit fod yn rhif cyfan.
api-error-limit-range = Rhaid i limit fod rhwng 1 a 200
api-error-cursor = Nid yw cursor yn un a roddwyd gan yr API hwn.
