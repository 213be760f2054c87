"""Readers for the API's streamed exports, shared by the API tests."""

import csv
import io
import json


def streamed(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_records(response) -> tuple[list[str], list[dict]]:
    rows = list(csv.reader(io.StringIO(streamed(response))))
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, row, strict=True)) for row in body]


def geojson(response) -> dict:
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(streamed(response))
