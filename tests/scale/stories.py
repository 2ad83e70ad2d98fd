"""A handful of short conflict reports written for the model-backed Dask test."""

STORIES = [
    "Airstrike kills five in Idlib\n\nAt least five civilians were killed on Sunday when government "
    "warplanes struck a market in Maarat al-Numan, in Syria's Idlib province, activists said.",
    "Clashes in Aleppo\n\nRebels and government forces clashed in the Salaheddin district of Aleppo on "
    "Saturday, leaving three fighters dead, the Syrian Observatory for Human Rights said.",
    "Protest in Homs\n\nHundreds of people protested peacefully in Homs on Friday against rising bread "
    "prices, according to local media.",
    "Shelling in Deir ez-Zor\n\nIslamic State militants shelled army positions near Deir ez-Zor airport on "
    "Saturday, killing two soldiers, state media reported.",
    "Car bomb in Azaz\n\nA car bomb exploded near a checkpoint in Azaz, north of Aleppo, on Saturday, "
    "wounding seven people, a local official said.",
]
