-- The ec_download table as WP EasyCart makes it, seeded anew with 317 downloads
-- (45-character ids as uniqid(md5(rand())) makes them; two orders with several files,
-- some on Amazon S3, one file name that is not ASCII).
CREATE TABLE IF NOT EXISTS ec_download (
    download_id VARCHAR(191) NOT NULL,
    date_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    product_id INT(11) NOT NULL DEFAULT 0,
    order_id INT(11) NOT NULL DEFAULT 0,
    download_count INT(11) NOT NULL DEFAULT 0,
    download_file_name TEXT NOT NULL DEFAULT '',
    is_amazon_download TINYINT(1) NOT NULL DEFAULT 0,
    amazon_key VARCHAR(1024) NOT NULL DEFAULT '',
    PRIMARY KEY (download_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_520_ci;

TRUNCATE TABLE ec_download;

INSERT INTO ec_download
SELECT CONCAT(MD5(CONCAT('download-', seq)), LEFT(MD5(CONCAT('uniqid-', seq)), 13)),
       TIMESTAMP '2022-01-03 08:00:00' + INTERVAL seq * 3 DAY + INTERVAL seq * 37 MINUTE,
       1000 + (seq * 37) MOD 250,
       10000 + seq DIV 3,
       seq MOD 6,
       CONCAT(ELT(1 + seq MOD 8, 'ebook-sql-workbook', 'course-spanish-bootcamp',
                  'font-pack-script', 'template-resume-bold', 'album-paper-skyline',
                  'plugin-seo-lite', 'icon-set-line', 'photo-bundle-autumn'),
              '-', seq, ELT(1 + seq MOD 4, '.pdf', '.zip', '.epub', '.mp4')),
       seq MOD 5 = 0,
       IF(seq MOD 5 = 0, CONCAT('products/', seq, '/file.zip'), '')
FROM seq_1_to_317;

UPDATE ec_download SET download_file_name = 'guía-de-café-ñandú.pdf'
WHERE download_id = CONCAT(MD5('download-7'), LEFT(MD5('uniqid-7'), 13));
