"""Put items in order: each item gets its place."""

from decimal import Decimal

from .base import ARROW, InvalidResponse, QuestionType, options_by_key, shuffled


class Ordering(QuestionType):
    name = "ordering"

    def draw(self, question, answers, option, rng, shuffle):
        items = [option(a) for a in answers]
        correct = [item["key"] for item in items]
        # Always shuffled: in order, the question would show its own answer.
        shown = shuffled(items, rng, True)
        while len(shown) > 1 and [i["key"] for i in shown] == correct:
            rng.shuffle(shown)
        return {"correct_order": correct, "options": shown}

    def response(self, drawn, data, name):
        positions = {}
        count = len(drawn["options"])
        for index, item in enumerate(drawn["options"]):
            value = data.get(f"{name}-{item['key']}")
            if value:
                if not value.isdigit() or not 1 <= int(value) <= count:
                    raise InvalidResponse(f"{name}: position {value!r} out of range")
                positions[item["key"]] = (int(value), index)
        if not positions:
            return None
        return {"order": sorted(positions, key=positions.get)}

    def grade(self, drawn, response) -> Decimal:
        correct = drawn["correct_order"]
        given = list(response.get("order") or [])
        right = sum(
            1
            for position, k in enumerate(correct)
            if position < len(given) and given[position] == k
        )
        return Decimal(right) / len(correct)

    def right_response(self, drawn):
        return {"order": list(drawn["correct_order"])}

    def words(self, drawn, response):
        options = options_by_key(drawn)
        return ARROW.join(
            options[k]["text"] for k in response.get("order") or [] if k in options
        )


TYPE = Ordering()
