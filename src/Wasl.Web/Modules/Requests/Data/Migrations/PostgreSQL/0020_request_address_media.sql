-- 0020: where a request is and what it shows, as Open311 clients send them (address_string, address_id, zipcode,
-- media_url) and read them back; kept apart from the description so that they are returned as fields.

ALTER TABLE "Requests" ADD COLUMN "Address" character varying(400);
ALTER TABLE "Requests" ADD COLUMN "AddressId" character varying(100);
ALTER TABLE "Requests" ADD COLUMN "Zipcode" character varying(16);
ALTER TABLE "Requests" ADD COLUMN "MediaUrl" character varying(2048);
