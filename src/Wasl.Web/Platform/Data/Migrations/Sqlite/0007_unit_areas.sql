-- 0007: the area each unit serves (GeoJSON polygon or multipolygon) with its bounding box, for routing reports by location.

CREATE TABLE "UnitAreas" (
    "UnitId" INTEGER NOT NULL CONSTRAINT "PK_UnitAreas" PRIMARY KEY,
    "GeoJson" TEXT NOT NULL,
    "MinLatitude" REAL NOT NULL,
    "MaxLatitude" REAL NOT NULL,
    "MinLongitude" REAL NOT NULL,
    "MaxLongitude" REAL NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_UnitAreas_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_UnitAreas_Box" ON "UnitAreas" ("MinLatitude", "MaxLatitude", "MinLongitude", "MaxLongitude");
